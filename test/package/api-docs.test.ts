/**
 * The public API reads well: everything the two entry points export has a doc comment, every
 * construct has an `@example`, every optional property of an interface a user fills in says its
 * `@default`, and no `any` appears in the API reports (etc/*.api.md, kept current by
 * `npm run api:check`). "Filled in by the user" = the `*Props`, `*Options` and `*Profile`
 * interfaces, the parameters of exported functions and constructors, and every interface of this
 * package reachable from those through property types.
 *
 * KNOWN_GAPS lists what was missing when this test was written (fixes belong in src/); the test
 * fails on any gap not listed, so the list can only shrink.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
const ENTRIES = ['src/index.ts', 'src/infra/index.ts'];

const KNOWN_GAPS = new Set<string>([
  'CheckContext: no doc comment',
  'CheckContext.environment: no doc comment',
  'CheckResult: no doc comment',
  'CheckResult.findings: no doc comment',
  'CheckResult.waived: no doc comment',
  'Finding: no doc comment',
  'Finding.ruleId: no doc comment',
  'Finding.severity: no doc comment',
  'Finding.environment: no doc comment',
  'Finding.constructPath: no doc comment',
  'Finding.message: no doc comment',
  'Finding.fix: no doc comment',
  'PolicyRule.severity: no doc comment',
  'PolicyRule.check: no doc comment',
  'Waiver.ruleId: no doc comment',
  'Waiver.reason: no doc comment',
  'WaivedFinding: no doc comment',
  'WaivedFinding.finding: no doc comment',
  'WaivedFinding.reason: no doc comment',
  'AddressRange.family: no doc comment',
  'AddressRange.first: no doc comment',
  'AddressRange.last: no doc comment',
  'NodeGroupProfile.machineType: optional without @default',
  'CheckContext.clusterProvided: optional without @default',
  'CheckContext.systemNamespaces: optional without @default',
  'CheckedObject.constructPath: optional without @default',
  'CheckedObject.source: optional without @default',
  'CheckedObject.waivers: optional without @default',
  'DatabaseConnection.instanceConnectionName: optional without @default',
  'ProbeSpec.httpGet: optional without @default',
  'ProbeSpec.tcpSocket: optional without @default',
  'ProbeSpec.exec: optional without @default',
  'IDatabase.endpoint: optional without @default',
  'ShopCloudStack: construct without @example',
]);

/** Interfaces that are inputs by name. */
const INPUT_NAME = /(Props|Options|Profile)$/;
/** Results the library makes, even where a function takes one back (`formatFinding`). */
const OUTPUTS = new Set(['Finding', 'CheckResult', 'WaivedFinding', 'EnvironmentOutput', 'CapacityReport']);

function docOf(sym: ts.Symbol, checker: ts.TypeChecker): string {
  return ts.displayPartsToString(sym.getDocumentationComment(checker)).trim();
}

function isConstructClass(type: ts.Type, checker: ts.TypeChecker): boolean {
  for (let t: ts.Type | undefined = type; t; ) {
    const base: ts.Type | undefined = checker.getBaseTypes(t as ts.InterfaceType)[0];
    if (base?.symbol?.getName() === 'Construct') return true;
    t = base;
  }
  return false;
}

/** Declared in this repository (not in node_modules). */
function ours(sym: ts.Symbol | undefined): boolean {
  return !!sym?.declarations?.some((d) => !d.getSourceFile().fileName.includes('/node_modules/'));
}

/** The interfaces a user fills in (see the file comment). */
function inputInterfaces(checker: ts.TypeChecker, moduleSymbol: ts.Symbol): Set<ts.Symbol> {
  const found = new Set<ts.Symbol>();
  const seen = new Set<ts.Type>();
  const visit = (type: ts.Type): void => {
    if (seen.has(type)) return;
    seen.add(type);
    if (type.isUnionOrIntersection()) return type.types.forEach(visit);
    for (const arg of checker.getTypeArguments(type as ts.TypeReference) ?? []) visit(arg);
    for (const arg of type.aliasTypeArguments ?? []) visit(arg);
    const sym = type.getSymbol();
    if (!sym || !ours(sym) || !(sym.flags & ts.SymbolFlags.Interface) || OUTPUTS.has(sym.getName())) return;
    found.add(sym);
    for (const prop of checker.getPropertiesOfType(type)) visit(checker.getTypeOfSymbol(prop));
  };
  const visitSignature = (s: ts.Signature): void => s.getParameters().forEach((p) => visit(checker.getTypeOfSymbol(p)));
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const sym = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (sym.flags & ts.SymbolFlags.Interface && INPUT_NAME.test(sym.getName())) visit(checker.getDeclaredTypeOfSymbol(sym));
    if (sym.flags & ts.SymbolFlags.Function) checker.getTypeOfSymbol(sym).getCallSignatures().forEach(visitSignature);
    if (sym.flags & ts.SymbolFlags.Class) {
      const statics = checker.getTypeOfSymbol(sym);
      statics.getConstructSignatures().forEach(visitSignature);
      for (const member of checker.getPropertiesOfType(statics)) checker.getTypeOfSymbol(member).getCallSignatures().forEach(visitSignature);
    }
  }
  return found;
}

function gapsOf(entry: string): string[] {
  const file = path.join(ROOT, entry);
  const program = ts.createProgram([file], {
    strict: true,
    resolveJsonModule: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  const inputs = inputInterfaces(checker, moduleSymbol);
  const gaps: string[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const name = exported.getName();
    const sym = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = sym.declarations?.[0];
    if (!decl) continue;
    if (!docOf(sym, checker)) gaps.push(`${name}: no doc comment`);
    if (ts.isClassDeclaration(decl)) {
      const abstract = ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Abstract;
      const hasExample = sym.getJsDocTags(checker).some((t) => t.name === 'example');
      if (!abstract && !hasExample && isConstructClass(checker.getDeclaredTypeOfSymbol(sym), checker)) gaps.push(`${name}: construct without @example`);
    }
    if (ts.isInterfaceDeclaration(decl)) {
      for (const prop of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(sym))) {
        if (!docOf(prop, checker)) gaps.push(`${name}.${prop.getName()}: no doc comment`);
        const optional = prop.flags & ts.SymbolFlags.Optional;
        if (optional && inputs.has(sym) && !prop.getJsDocTags(checker).some((t) => t.name === 'default')) {
          gaps.push(`${name}.${prop.getName()}: optional without @default`);
        }
      }
    }
  }
  return gaps;
}

describe('public API documentation', () => {
  test.each(ENTRIES)('%s: no undocumented export, construct without @example, or optional prop without @default beyond the known gaps', (entry) => {
    expect(gapsOf(entry).filter((g) => !KNOWN_GAPS.has(g))).toEqual([]);
  });

  test.each(['etc/k8s.api.md', 'etc/k8s-infra.api.md'])('%s: no `any` in the public API', (report) => {
    const code = fs
      .readFileSync(path.join(ROOT, report), 'utf8')
      .split('\n')
      .filter((line) => !line.trim().startsWith('//'));
    expect(code.filter((line) => /\bany\b/.test(line))).toEqual([]);
  });
});
