/**
 * The generated parts of docs/cli.md: each command's help and the list of `--set` paths (from the
 * profile's JSON Schema). scripts/gen-cli-docs.js fills the marked sections; a test fails when the
 * committed file differs from what this produces.
 */
import { DIFF_HELP } from './commands/diff';
import { ENVS_HELP } from './commands/envs';
import { IMAGES_HELP } from './commands/images';
import { HELP } from './main';
import { formatSetHelpMarkdown, SET_SYNTAX } from './overrides/set-help';
import { SYNTH_USAGE } from './commands/synth';
import { VALIDATE_HELP } from './commands/validate';

const block = (text: string) => ['```text', text.trimEnd(), '```'].join('\n');

/** Section name → content. */
export const GENERATED_SECTIONS: Readonly<Record<string, () => string>> = {
  'help': () => block(HELP),
  'help-synth': () => block(SYNTH_USAGE),
  'help-diff': () => block(DIFF_HELP),
  'help-validate': () => block(VALIDATE_HELP),
  'help-envs': () => block(ENVS_HELP),
  'help-images': () => block(IMAGES_HELP),
  'set-syntax': () => SET_SYNTAX.replace(/\s*\n\s*/g, ' '),
  'set-paths': () => formatSetHelpMarkdown(),
};

const begin = (name: string) => `<!-- BEGIN GENERATED ${name}: scripts/gen-cli-docs.js writes this; do not edit -->`;
const end = (name: string) => `<!-- END GENERATED ${name} -->`;

/** An error in the document's markers. */
export class DocsMarkerError extends Error {}

/**
 * Replaces the content between each section's markers with the generated text. Every section must
 * appear exactly once; unknown sections are an error.
 */
export function fillGeneratedSections(text: string): string {
  let out = text;
  for (const [name, generate] of Object.entries(GENERATED_SECTIONS)) {
    const b = begin(name);
    const e = end(name);
    const start = out.indexOf(b);
    const stop = out.indexOf(e);
    if (start < 0 || stop < start || out.indexOf(b, start + 1) >= 0) {
      throw new DocsMarkerError(`docs/cli.md needs exactly one "${b}" … "${e}" section`);
    }
    out = `${out.slice(0, start + b.length)}\n${generate()}\n${out.slice(stop)}`;
  }
  const unknown = [...out.matchAll(/<!-- BEGIN GENERATED ([\w-]+)/g)].map((m) => m[1]).filter((n) => !(n in GENERATED_SECTIONS));
  if (unknown.length) throw new DocsMarkerError(`docs/cli.md has unknown generated sections: ${unknown.join(', ')}`);
  return out;
}

/** The empty markers of a section, for writing a new document. */
export function sectionMarkers(name: string): string {
  return `${begin(name)}\n${end(name)}`;
}
