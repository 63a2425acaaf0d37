/** A {@link ReleaseDiff} (an environment against its committed release) for the terminal and as Markdown. */
import { countReleaseChanges, ReleaseDiff } from '../../compare/release-diff';
import { code, md } from './diff-format';
import { Painter } from './output';
import { formatTable } from './table';

const MAX_CELL = 72;

function headline(d: ReleaseDiff): string {
  if (d.newEnvironment) return `new environment: ${d.added.length} object(s) added (nothing committed at ${d.ref})`;
  if (countReleaseChanges(d) === 0) return 'no changes';
  const pruned = d.removed.filter((r) => r.effect === 'pruned').length;
  return [
    `${d.added.length} added`,
    `${d.removed.length} removed (${pruned} pruned by the next apply.sh${pruned < d.removed.length ? `, ${d.removed.length - pruned} left running` : ''})`,
    `${d.workloads.length} workload(s) changed`,
    `${d.changed.length} other object(s) changed`,
  ].join(', ');
}

function removedNote(r: ReleaseDiff['removed'][number], d: ReleaseDiff): string {
  if (r.effect === 'pruned') return `pruned by the next apply.sh (stage ${r.stage})`;
  return d.unmanagedBefore
    ? `NOT pruned: the release at ${d.ref} was not applied with ApplySets; delete it by hand`
    : 'NOT pruned: its stage is no longer applied; delete it by hand';
}

const notes = (d: ReleaseDiff) => [
  ...(d.unmanagedBefore ? [`The release at ${d.ref} has no release manifest: objects it applied carry no ApplySet label, so this apply prunes nothing.`] : []),
  ...(d.recreated.length ? [`Moved to a later stage, so deleted and created again by apply.sh: ${d.recreated.join(', ')}.`] : []),
];

/** Terminal text. */
export function formatReleaseDiffTable(d: ReleaseDiff, paint: Painter): string {
  const lines = [paint.bold(`${d.environment} against ${d.ref}: ${headline(d)}`)];
  for (const n of notes(d)) lines.push(paint.yellow(n));
  if (d.added.length) lines.push('', 'Added:', ...d.added.map((a) => paint.green(`  + ${a}`)));
  if (d.removed.length) {
    lines.push('', 'Removed:');
    const rows = d.removed.map((r) => [paint.red(`- ${r.object}`), removedNote(r, d)]);
    lines.push(...formatTable(rows, { header: ['OBJECT', 'NEXT APPLY'], maxCell: 100, indent: '  ' }).slice(1));
  }
  const rows: string[][] = [];
  for (const w of d.workloads) w.rows.forEach((r, i) => rows.push([i === 0 ? `${w.kind}/${w.workload}` : '', r.aspect, r.a, r.b]));
  for (const o of d.changed) o.rows.forEach((r, i) => rows.push([i === 0 ? o.object : '', r.aspect, r.a, r.b]));
  if (rows.length) {
    const table = formatTable(rows, { header: ['CHANGED', 'FIELD', d.ref.toUpperCase(), 'NOW'], maxCell: MAX_CELL, indent: '  ' });
    lines.push('', 'Changed:', paint.bold(table[0]), ...table.slice(1));
  }
  return lines.join('\n');
}

/** Markdown for a pull-request comment. */
export function formatReleaseDiffMarkdown(d: ReleaseDiff): string {
  const out = [`### \`${d.environment}\` against \`${d.ref}\``, '', headline(d).replace(/^./, (c) => c.toUpperCase()) + '.', ''];
  for (const n of notes(d)) out.push(`> ${md(n)}`, '');
  if (d.added.length) out.push('#### Added', '', ...d.added.map((a) => `- \`${a}\``), '');
  if (d.removed.length) {
    out.push('#### Removed', '', '| Object | Next apply |', '| --- | --- |');
    for (const r of d.removed) out.push(`| \`${r.object}\` | ${r.effect === 'pruned' ? md(removedNote(r, d)) : `**${md(removedNote(r, d))}**`} |`);
    out.push('');
  }
  if (d.workloads.length || d.changed.length) {
    out.push('#### Changed', '', `| Object | Field | \`${d.ref}\` | now |`, '| --- | --- | --- | --- |');
    for (const w of d.workloads) w.rows.forEach((r, i) => out.push(`| ${i === 0 ? `**${md(w.workload)}** (${w.kind})` : ''} | ${md(r.aspect)} | ${code(r.a)} | ${code(r.b)} |`));
    for (const o of d.changed) o.rows.forEach((r, i) => out.push(`| ${i === 0 ? `\`${o.object}\`` : ''} | ${md(r.aspect)} | ${code(r.a)} | ${code(r.b)} |`));
    out.push('');
  }
  return out.join('\n');
}
