import type { ServeRoute } from '../flavors/types.ts';

/**
 * Route patterns as the platforms write them: `/predictions/{model}`, `/v1/models/{model}:predict`.
 * A `{name}` matches one non-empty path segment (up to a literal suffix in the same segment).
 */
export interface Router {
  /** The route for this method and path, its parameters, or why there is none. */
  match(method: string, path: string): RouteMatch;
}

export type RouteMatch =
  { route: ServeRoute; params: Record<string, string> } | { route: undefined; pathKnown: boolean };

interface Compiled {
  route: ServeRoute;
  regex: RegExp;
  names: string[];
}

export function createRouter(routes: ServeRoute[]): Router {
  const compiled = routes.map(compile);
  return {
    match(method, path) {
      let pathKnown = false;
      for (const c of compiled) {
        const found = c.regex.exec(path);
        if (!found) continue;
        if (c.route.method !== method) {
          pathKnown = true;
          continue;
        }
        const params: Record<string, string> = {};
        c.names.forEach((name, i) => {
          params[name] = safeDecode(found[i + 1]!);
        });
        return { route: c.route, params };
      }
      return { route: undefined, pathKnown };
    },
  };
}

function compile(route: ServeRoute): Compiled {
  const names: string[] = [];
  const source = route.path.replace(/\{(\w+)\}|[^{]+/g, (part, name: string | undefined) => {
    if (name === undefined) return escape(part);
    names.push(name);
    // One segment, stopping at a ':' so that `{model}:predict` leaves the suffix to match.
    return '([^/:]+)';
  });
  return { route, regex: new RegExp(`^${source}/?$`), names };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
