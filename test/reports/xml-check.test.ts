import { describe, expect, it } from 'vitest';
import { findAll, parseXml } from './xml-check';

// The junit test relies on this checker; it must reject what an XML parser rejects.
describe('parseXml (test helper)', () => {
  it('accepts well-formed XML and decodes entities', () => {
    const root = parseXml('<?xml version="1.0"?>\n<a x="1 &amp; &#10;2"><b/><b>t &lt;&#x1F511;</b></a>\n');
    expect(root.attrs.x).toBe('1 & \n2');
    expect(findAll(root, 'b').map((b) => b.text)).toEqual(['', 't <🔑']);
  });

  it.each([
    ['unbalanced', '<a><b></a>'],
    ['unclosed', '<a>'],
    ['bare ampersand', '<a>x & y</a>'],
    ['unknown entity', '<a>&nbsp;</a>'],
    ['lt in attribute', '<a x="<"/>'],
    ['unquoted attribute', '<a x=1/>'],
    ['duplicate attribute', '<a x="1" x="2"/>'],
    ['two roots', '<a/><b/>'],
    ['illegal character', '<a>\u0001</a>'],
    ['reference to illegal character', '<a>&#1;</a>'],
    ['cdata end in text', '<a>]]></a>'],
    ['text outside root', '<a/>x'],
  ])('rejects %s', (_why, xml) => {
    expect(() => parseXml(xml)).toThrow();
  });
});
