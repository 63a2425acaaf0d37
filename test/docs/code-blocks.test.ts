/**
 * Every TypeScript block (```ts / ```typescript) in README.md and docs/*.md is type-checked as a file
 * of its own at the repository root, with the repository's compiler options: `@shipyard/k8s` is the
 * library, relative imports resolve from the root (`./src/platform`). A snippet without its imports,
 * or one calling an API that changed, fails here instead of in a reader's editor.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');

interface Block {
  readonly doc: string;
  readonly line: number;
  readonly file: string;
  readonly text: string;
}

function blocks(): Block[] {
  const docs = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const out: Block[] = [];
  for (const doc of docs) {
    const lines = fs.readFileSync(path.join(ROOT, doc), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
      const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
      const name = `__docblock_${doc.replace(/[^A-Za-z0-9]/g, '_')}_${i + 2}.ts`;
      // Each block is a module (so top-level names of two blocks never clash).
      const text = lines.slice(i + 1, end).join('\n');
      out.push({ doc, line: i + 2, file: path.join(ROOT, name), text: /^\s*(import|export)\s/m.test(text) ? text : `${text}\nexport {};\n` });
      i = end;
    }
  }
  return out;
}

test('README.md and docs/*.md: every TypeScript block compiles against the library', () => {
  const all = blocks();
  expect(all.length).toBeGreaterThanOrEqual(4);
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), (f) => ts.sys.readFile(f));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const byFile = new Map(all.map((b) => [b.file, b]));
  const host = ts.createCompilerHost({ ...options, noEmit: true });
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (f) => byFile.has(path.resolve(f)) || fileExists(f);
  host.readFile = (f) => byFile.get(path.resolve(f))?.text ?? readFile(f);
  host.getSourceFile = (f, lang, onError, create) => {
    const block = byFile.get(path.resolve(f));
    return block ? ts.createSourceFile(f, block.text, lang) : getSourceFile(f, lang, onError, create);
  };
  // noUnusedLocals: a snippet may declare what the reader goes on to use.
  const program = ts.createProgram([...byFile.keys()], { ...options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false }, host);
  const problems = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && byFile.has(path.resolve(d.file.fileName)))
    .map((d) => {
      const block = byFile.get(path.resolve(d.file!.fileName))!;
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${block.doc}:${block.line + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  expect(problems).toEqual([]);
}, 120_000);
