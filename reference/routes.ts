// Routing and parameter checks from our contract. openapi-backend reads the contract (operations, parameters)
// and compiles the ajv validators of path and query parameters once; matching and parsing are done here with
// regexes compiled once, because openapi-backend's own per-request matching rebuilds its operation list and
// regexes and re-parses cookies and headers on every call (it was the largest cost per request).
import type { ErrorObject, ValidateFunction } from 'ajv';
import { OpenAPIBackend } from 'openapi-backend';
import type { Contract } from '../contracts/loader';

export interface Route {
  operationId: string;
  method: string;
  pattern: RegExp;
  paramNames: string[];
  queryNames: ReadonlySet<string>;
  validators: ValidateFunction[];
  /** Literal characters of the template: more is more specific. */
  specificity: number;
}

export type Match =
  | { kind: 'ok'; route: Route; params: Record<string, string> }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed' }
  | { kind: 'bad-encoding' };

export interface ParamCheck {
  query: Record<string, unknown>;
  errors: ErrorObject[];
}

/** The contract's routes and parameters, without bodies and responses: those are handled with contracts/loader. */
function routingDefinition(contract: Contract): any {
  const doc = structuredClone(contract.document);
  for (const item of Object.values(doc.paths as Record<string, Record<string, any>>)) {
    for (const m of ['get', 'post', 'put', 'patch', 'delete']) {
      if (!item[m]) continue;
      delete item[m].requestBody;
      item[m].responses = { default: { description: 'see contracts/openapi.yaml' } };
      delete item[m].security;
    }
  }
  return { openapi: doc.openapi, info: doc.info, paths: doc.paths, components: { parameters: doc.components.parameters } };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Router {
  private constructor(private readonly routes: Route[]) {}

  static async fromContract(contract: Contract): Promise<Router> {
    // quick: no check of the document against the OpenAPI 3 meta-schema, and validators compiled when asked for
    // (below: the request validators, at once). The document is our contract, which a test checks with a standard
    // validator; the check and the meta-schemas' compilation were half the target's start-up. validateSchema off:
    // openapi-backend makes an ajv per validation context, and each compiled JSON Schema's meta-schema.
    const api = new OpenAPIBackend({ definition: routingDefinition(contract), strict: true, quick: true, validate: true, coerceTypes: true, ajvOpts: { allErrors: true, validateSchema: false } });
    await api.init();
    const routes = api.router.getOperations().map((op): Route => {
      const paramNames: string[] = [];
      const source = op.path
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const m = /^\{([^}]+)\}$/.exec(part);
          if (!m) return escape(part);
          paramNames.push(m[1]!);
          return '([^/]+)';
        })
        .join('');
      const params = (op.parameters ?? []) as { in: string; name: string }[];
      return {
        operationId: op.operationId!,
        method: op.method,
        pattern: new RegExp(`^${source}$`),
        paramNames,
        queryNames: new Set(params.filter((p) => p.in === 'query').map((p) => p.name)),
        validators: api.validator.getRequestValidatorsForOperation(op.operationId!),
        specificity: op.path.replace(/\{[^}]*\}/g, '').length,
      };
    });
    routes.sort((a, b) => b.specificity - a.specificity);
    return new Router(routes);
  }

  /** Every operationId of the contract, for checking that each has a handler. */
  operationIds(): string[] {
    return this.routes.map((r) => r.operationId);
  }

  match(method: string, rawPath: string): Match {
    let path = rawPath;
    while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    const m = method.toLowerCase();
    let pathMatched = false;
    for (const r of this.routes) {
      const found = r.pattern.exec(path);
      if (!found) continue;
      pathMatched = true;
      if (r.method !== m) continue;
      const params: Record<string, string> = {};
      try {
        r.paramNames.forEach((n, i) => (params[n] = decodeURIComponent(found[i + 1]!)));
      } catch {
        return { kind: 'bad-encoding' };
      }
      return { kind: 'ok', route: r, params };
    }
    return pathMatched ? { kind: 'method-not-allowed' } : { kind: 'not-found' };
  }

  /** Validates path parameters and the declared query parameters (others are ignored, as Atlas does); the
   *  returned query holds the coerced values (booleans, integers). */
  check(route: Route, params: Record<string, string>, rawQuery: string): ParamCheck {
    const query: Record<string, unknown> = {};
    if (rawQuery !== '') {
      const sp = new URLSearchParams(rawQuery);
      for (const k of route.queryNames) {
        const all = sp.getAll(k);
        if (all.length === 1) query[k] = all[0];
        else if (all.length > 1) query[k] = all;
      }
    }
    const input = { path: { ...params }, query, header: {}, cookie: {} };
    const errors: ErrorObject[] = [];
    for (const v of route.validators) if (!v(input) && v.errors) errors.push(...v.errors);
    return { query: input.query, errors };
  }
}
