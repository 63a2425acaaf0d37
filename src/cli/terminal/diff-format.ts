/** An {@link EnvironmentDiff} as an aligned terminal table or as Markdown for a PR comment. */
import { countDifferences, EnvironmentDiff } from '../../compare/environment-diff';
import { Painter } from './output';
import { formatTable } from './table';
import { EdgeComparison, INTERNET, TrafficEdge } from '../../compare/traffic-graph';

/** Longest cell of the terminal table. */
const MAX_CELL = 72;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function headline(d: EnvironmentDiff): string {
  const parts = [
    plural(d.workloads.length, 'workload') + ' differ' + (d.workloads.length === 1 ? 's' : ''),
    `${d.onlyInA.length} object(s) only in ${d.a}`,
    `${d.onlyInB.length} only in ${d.b}`,
    plural(d.otherChanges.length, 'other object') + ' changed',
  ];
  return `${d.a} vs ${d.b}: ${countDifferences(d) === 0 ? 'no differences' : parts.join(', ')}`;
}

function registryLine(d: EnvironmentDiff, quote: (s: string) => string = (s) => s): string {
  const r = d.registry!;
  return `Registry: ${quote(r.a)} (${d.a}) vs ${quote(r.b)} (${d.b}); ${r.images} image(s) that differ only by it are not listed below.`;
}

const edgeText = (edges: readonly TrafficEdge[]) => (edges.length ? edges.map((e) => `${e.from} → ${e.to}`).join(', ') : '(none)');

/** The terminal table. */
export function formatDiffTable(d: EnvironmentDiff, paint: Painter): string {
  const lines = [paint.bold(headline(d)), ''];
  if (d.registry) lines.push(registryLine(d), '');
  if (d.workloads.length) {
    const rows: string[][] = [];
    for (const w of d.workloads) {
      w.rows.forEach((r, i) => rows.push([i === 0 ? w.workload : '', r.aspect, r.a, r.b]));
    }
    const table = formatTable(rows, { header: ['WORKLOAD', 'ASPECT', d.a.toUpperCase(), d.b.toUpperCase()], maxCell: MAX_CELL });
    lines.push(paint.bold(table[0]), ...table.slice(1), '');
  }
  lines.push(`Only in ${d.a}: ${d.onlyInA.length ? d.onlyInA.join(', ') : '(none)'}`);
  lines.push(`Only in ${d.b}: ${d.onlyInB.length ? d.onlyInB.join(', ') : '(none)'}`);
  if (d.otherChanges.length) {
    lines.push('', 'Other changed objects:');
    const rows: string[][] = [];
    for (const o of d.otherChanges) o.rows.forEach((r, i) => rows.push([i === 0 ? o.object : '', r.aspect, r.a, r.b]));
    const table = formatTable(rows, { header: ['OBJECT', 'FIELD', d.a.toUpperCase(), d.b.toUpperCase()], maxCell: MAX_CELL, indent: '  ' });
    lines.push(paint.bold(table[0]), ...table.slice(1));
  }
  const e = d.edges;
  lines.push('', `Traffic (from NetworkPolicies): ${e.both.length} edge(s) in both; only in ${d.a}: ${edgeText(e.onlyA)}; only in ${d.b}: ${edgeText(e.onlyB)}`);
  return lines.join('\n');
}

/** Text for a Markdown table cell: code-formatted, pipes escaped. */
export function code(text: string): string {
  if (text === '' || text === '—') return text;
  const escaped = text.replace(/\|/g, '\\|');
  return escaped.includes('`') ? `\`\` ${escaped} \`\`` : `\`${escaped}\``;
}

export const md = (text: string) => text.replace(/\|/g, '\\|');

/** Markdown for a PR comment: tables, lists, and a Mermaid graph of who talks to whom. */
export function formatDiffMarkdown(d: EnvironmentDiff): string {
  const out: string[] = [`### \`${d.a}\` vs \`${d.b}\``, '', headline(d).replace(/^[^:]+: /, '') + '.', ''];
  if (d.registry) out.push(registryLine(d, (s) => `\`${s}\``), '');
  if (d.workloads.length) {
    out.push('#### Workloads', '', `| Workload | Aspect | \`${d.a}\` | \`${d.b}\` |`, '| --- | --- | --- | --- |');
    for (const w of d.workloads) {
      w.rows.forEach((r, i) => out.push(`| ${i === 0 ? `**${md(w.workload)}** (${w.kind})` : ''} | ${md(r.aspect)} | ${code(r.a)} | ${code(r.b)} |`));
    }
    out.push('');
  }
  for (const [env, objects] of [[d.a, d.onlyInA], [d.b, d.onlyInB]] as const) {
    if (!objects.length) continue;
    out.push(`#### Only in \`${env}\``, '', ...objects.map((o) => `- \`${o}\``), '');
  }
  if (d.otherChanges.length) {
    out.push('#### Other changed objects', '', `| Object | Field | \`${d.a}\` | \`${d.b}\` |`, '| --- | --- | --- | --- |');
    for (const o of d.otherChanges) o.rows.forEach((r, i) => out.push(`| ${i === 0 ? `\`${o.object}\`` : ''} | ${md(r.aspect)} | ${code(r.a)} | ${code(r.b)} |`));
    out.push('');
  }
  const e = d.edges;
  out.push(
    '#### Traffic',
    '',
    `Derived from the NetworkPolicies: ${e.both.length} edge(s) in both` +
      (e.onlyA.length || e.onlyB.length ? `; dotted edges exist in one environment only.` : ', none in only one.'),
    '',
    '```mermaid',
    mermaidGraph(e, d.a, d.b),
    '```',
    '',
  );
  return out.join('\n');
}

const nodeId = (name: string) => `n_${name.replace(/[^A-Za-z0-9]/g, '_')}`;

/**
 * A Mermaid `graph LR` of the edges: those in both environments solid, those in only one dotted and
 * labelled with its environment.
 */
export function mermaidGraph(edges: EdgeComparison, nameA: string, nameB: string): string {
  const nodes = new Set<string>();
  for (const e of [...edges.both, ...edges.onlyA, ...edges.onlyB]) {
    nodes.add(e.from);
    nodes.add(e.to);
  }
  const lines = ['graph LR'];
  for (const n of [...nodes].sort()) lines.push(`  ${nodeId(n)}${n === INTERNET ? `(("${n}"))` : `["${n}"]`}`);
  for (const e of edges.both) lines.push(`  ${nodeId(e.from)} --> ${nodeId(e.to)}`);
  for (const e of edges.onlyA) lines.push(`  ${nodeId(e.from)} -.->|only ${nameA}| ${nodeId(e.to)}`);
  for (const e of edges.onlyB) lines.push(`  ${nodeId(e.from)} -.->|only ${nameB}| ${nodeId(e.to)}`);
  return lines.join('\n');
}
