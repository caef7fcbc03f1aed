// `stream-conformance/target`: the reference target for consumers' own tests, as reference/index.ts exports it: in
// this process (startTarget), as a child process (spawnTarget), or in a container (ReferenceTargetContainer, the
// testcontainers module, or startTargetContainer); each gives the url, the CA (with TLS) and the credentials, and
// stops with close()/stop().
export * from '../reference';
