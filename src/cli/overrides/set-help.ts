/**
 * The list of `--set` paths, generated from the profile's JSON Schema: for `synth --help-set` and for
 * docs/cli.md (scripts/gen-cli-docs.js), so neither can go stale.
 */
import { SettablePath, settablePaths } from './profile-schema';
import { formatTable } from '../terminal/table';

export const SET_SYNTAX = `--set [ENV:]PATH=VALUE overrides one field of the environment profile for this run. Values are
parsed as the field's type: numbers, true/false, one of an enum's values, strings as they are; lists
of plain values comma-separated (a,b) or as JSON (["a","b"]); objects and lists of objects as JSON.
<name> and <key> are map keys (e.g. services.checkout.replicas; the key of a map of plain values is
the rest of the path, so it may contain dots: exposure.annotations.cloud.google.com/neg); [N] is an
entry of a list that exists in the profile. ENV: limits the override to one environment when
several are synthesized (--set gke:autoscaling.maxReplicas=40). After --set the profile is
validated again; a field that does not fit the others fails the run with exit code 2.`;

/** `path  type[, default X]` lines: the compact list for `synth --help`. */
export function formatSetPathsCompact(paths: readonly SettablePath[] = settablePaths()): string {
  return formatTable(
    paths.map((p) => [p.path, p.type + (p.default !== undefined ? `, default ${p.default}` : '')]),
    { indent: '  ' },
  ).join('\n');
}

/** Every settable path with its type, default and description: `synth --help-set`. */
export function formatSetHelp(paths: readonly SettablePath[] = settablePaths()): string {
  const lines = [`${SET_SYNTAX}`, '', 'Settable paths (generated from src/profiles/environment-profile.schema.json):', ''];
  for (const p of paths) {
    lines.push(`  ${p.path}: ${p.type}${p.default !== undefined ? `, default ${p.default}` : ''}`);
    if (p.description) lines.push(...wrap(p.description, 92).map((l) => `      ${l}`));
  }
  return lines.join('\n');
}

/** Splits text into lines of at most `width` characters (longer words stay whole). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The same list as a Markdown table, for docs/cli.md. */
export function formatSetHelpMarkdown(paths: readonly SettablePath[] = settablePaths()): string {
  const rows = paths.map((p) => `| \`${cell(p.path)}\` | ${cell(p.type)} | ${p.default !== undefined ? cell(p.default) : ''} | ${cell(p.description)} |`);
  return ['| Path | Type | Default | Description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
