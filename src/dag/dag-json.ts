/**
 * The JSON form of a DAG, `{"dag": {"nodes": [...], "edges": [["a", "b"], ...]}}`.
 * Keys other than `dag` (such as `metadata`) are ignored. Every shape problem is reported at
 * once, each naming its field.
 */
import { DagError, type Issue } from '../errors.js';

function show(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Checks the JSON form of a DAG and returns its nodes and edges; `source` names the file in messages. */
export function parseDagJson(json: unknown, source = 'dag'): { nodes: string[]; edges: Array<[string, string]> } {
  const issues: Issue[] = [];
  const dag = (json as { dag?: unknown } | null)?.dag;
  if (json === null || typeof json !== 'object' || Array.isArray(json) || dag === null || typeof dag !== 'object' || Array.isArray(dag)) {
    throw new DagError(`${source}: expected {"dag": {"nodes": [...], "edges": [...]}}`, [
      { path: 'dag', message: `expected an object with "nodes" and "edges", got ${show(dag)}` },
    ]);
  }
  const { nodes, edges = [] } = dag as { nodes?: unknown; edges?: unknown };
  const names: string[] = [];
  if (!Array.isArray(nodes)) {
    issues.push({ path: 'dag.nodes', message: `expected a list of node names, got ${show(nodes)}` });
  } else {
    const seen = new Set<string>();
    nodes.forEach((n, i) => {
      if (typeof n !== 'string' || n === '') issues.push({ path: `dag.nodes[${i}]`, message: `expected a non-empty string, got ${show(n)}` });
      else if (seen.has(n)) issues.push({ path: `dag.nodes[${i}]`, message: `duplicate node ${show(n)}` });
      else {
        seen.add(n);
        names.push(n);
      }
    });
  }
  const pairs: Array<[string, string]> = [];
  if (!Array.isArray(edges)) {
    issues.push({ path: 'dag.edges', message: `expected a list of [from, to] pairs, got ${show(edges)}` });
  } else {
    const declared = new Set(names);
    edges.forEach((e, i) => {
      if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'string' || typeof e[1] !== 'string') {
        issues.push({ path: `dag.edges[${i}]`, message: `expected a [from, to] pair of node names, got ${show(e)}` });
        return;
      }
      const undeclared = (e as string[]).filter((n) => !declared.has(n));
      if (Array.isArray(nodes) && undeclared.length > 0) {
        issues.push({ path: `dag.edges[${i}]`, message: `edge ${e[0]} -> ${e[1]} names undeclared node${undeclared.length > 1 ? 's' : ''} ${undeclared.map(show).join(', ')}` });
        return;
      }
      pairs.push([e[0], e[1]]);
    });
  }
  if (issues.length > 0) throw new DagError(`${source}: ${issues.length} problem${issues.length === 1 ? '' : 's'}`, issues);
  return { nodes: names, edges: pairs };
}
