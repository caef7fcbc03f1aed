// The house's arrows (ARCHITECTURE.md), checked by test/architecture/layers.test.ts and `npm run lint:arch`.
// Data flows one way: each layer may import the layers before it in LAYERS, never one after it. The reference
// target stands apart: it imports only the contract, the generators and util, and only the top layer imports it.
const LAYERS = [
  ['util', 'contracts'],
  ['generators'],
  ['client'],
  ['oracles'],
  ['results'],
  ['engine'],
  ['pacts'],
  ['suites'],
  ['reports'],
  ['runner', 'traffic'],
  ['cli', 'entry', 'nightly', 'bench', 'scripts'],
];
const any = (dirs) => `^(${dirs.join('|')})/`;

const forbidden = [];
LAYERS.forEach((layer, i) => {
  const above = LAYERS.slice(i + 1).flat();
  if (above.length > 0) {
    forbidden.push({
      name: `${layer.join('+')}-imports-above`,
      comment: `${layer.join(', ')} may import only ${LAYERS.slice(0, i + 1).flat().join(', ')}`,
      severity: 'error',
      from: { path: any(layer) },
      to: { path: any([...above, 'reference']) },
    });
  }
});
forbidden.push({
  name: 'reference-apart',
  comment: 'the reference target imports only util, contracts and generators',
  severity: 'error',
  from: { path: '^reference/' },
  to: { path: any(LAYERS.slice(2).flat()) },
});
forbidden.push({
  name: 'no-circular',
  comment: 'no import cycle at run time (type-only imports excepted)',
  severity: 'error',
  from: { path: any([...LAYERS.flat(), 'reference']) },
  to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
});

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|test)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js', '.json'] },
  },

};
