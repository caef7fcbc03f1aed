// A minimal XML 1.0 well-formedness checker for the tests (no XML parser is installed, and no dependency may be
// added): prolog, one root, balanced elements, quoted unique attributes, only the five named entities and
// character references, no character XML 1.0 forbids. Returns the element tree, or throws with the offset.
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// eslint-disable-next-line no-control-regex
const ILLEGAL = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function parseXml(xml: string): XmlElement {
  const bad = ILLEGAL.exec(xml);
  if (bad) throw new Error(`illegal character U+${bad[0].charCodeAt(0).toString(16)} at ${bad.index}`);
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at ${i}: ${JSON.stringify(xml.slice(i, i + 40))}`);
  };
  const decode = (s: string): string => {
    if (s.includes('<')) fail('"<" in text or attribute');
    return s.replace(/&([^;]*);|&/g, (m, ent?: string) => {
      if (ent === undefined) return fail('bare "&"');
      if (ENTITIES[ent]) return ENTITIES[ent];
      const num = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ent);
      if (!num) return fail(`unknown entity &${ent};`);
      const cp = parseInt(num[1] ?? num[2]!, num[1] ? 16 : 10);
      const ch = String.fromCodePoint(cp);
      if (ILLEGAL.test(ch)) fail(`reference to illegal character ${cp}`);
      return ch;
    });
  };
  const skipSpace = () => {
    while (/\s/.test(xml[i] ?? '')) i++;
  };
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) fail('unterminated XML declaration');
    i = end + 2;
  }
  skipSpace();
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    if (xml[i] === '<') {
      if (xml.startsWith('</', i)) {
        i += 2;
        const name = NAME.exec(xml.slice(i))?.[0] ?? fail('bad end tag');
        i += name.length;
        skipSpace();
        if (xml[i] !== '>') fail('bad end tag');
        i++;
        const open = stack.pop();
        if (!open || open.name !== name) fail(`end tag </${name}> does not match <${open?.name}>`);
        if (stack.length === 0) {
          skipSpace();
          if (i < xml.length) fail('content after the root element');
        }
        continue;
      }
      if (xml.startsWith('<!--', i)) {
        const end = xml.indexOf('-->', i);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
        continue;
      }
      i++;
      const name = NAME.exec(xml.slice(i))?.[0] ?? fail('bad start tag');
      i += name.length;
      const el: XmlElement = { name, attrs: {}, children: [], text: '' };
      for (;;) {
        const before = i;
        skipSpace();
        if (xml.startsWith('/>', i) || xml[i] === '>') break;
        if (i === before) fail('attributes must be separated by space');
        const an = NAME.exec(xml.slice(i))?.[0] ?? fail('bad attribute name');
        i += an.length;
        skipSpace();
        if (xml[i] !== '=') fail('attribute without "="');
        i++;
        skipSpace();
        const q = xml[i];
        if (q !== '"' && q !== "'") fail('unquoted attribute');
        const end = xml.indexOf(q!, i + 1);
        if (end < 0) fail('unterminated attribute');
        if (an in el.attrs) fail(`duplicate attribute ${an}`);
        el.attrs[an] = decode(xml.slice(i + 1, end));
        i = end + 1;
      }
      if (stack.length === 0 && root) fail('second root element');
      stack.at(-1)?.children.push(el);
      if (!root) root = el;
      if (xml.startsWith('/>', i)) {
        i += 2;
        if (stack.length === 0) {
          skipSpace();
          if (i < xml.length) fail('content after the root element');
        }
      } else {
        i++;
        stack.push(el);
      }
      continue;
    }
    const next = xml.indexOf('<', i);
    const end = next < 0 ? xml.length : next;
    const raw = xml.slice(i, end);
    if (stack.length === 0) {
      if (raw.trim()) fail('text outside the root element');
    } else {
      if (raw.includes(']]>')) fail('"]]>" in text');
      stack.at(-1)!.text += decode(raw);
    }
    i = end;
  }
  if (!root) throw new Error('no root element');
  if (stack.length) throw new Error(`unclosed <${stack.at(-1)!.name}>`);
  return root;
}

export function findAll(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => findAll(c, name))];
}
