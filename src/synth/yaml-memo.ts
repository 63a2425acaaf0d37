import { toYaml } from './manifest-yaml';

/**
 * The YAML of the objects of the previous render, by their JSON: a warm process that renders the same
 * platform again after an edit (`synth --watch`) gets most objects back unchanged, and `JSON.stringify`
 * costs a fraction of js-yaml's `dump`. Keeps what the last two renders used, nothing older.
 */
export class YamlMemo {
  private previous = new Map<string, string>();
  private current = new Map<string, string>();

  /** The object's YAML, as {@link toYaml} writes it. */
  public yaml(manifest: object): string {
    const key = JSON.stringify(manifest);
    let text = this.current.get(key) ?? this.previous.get(key);
    if (text === undefined) text = toYaml(manifest);
    this.current.set(key, text);
    return text;
  }

  /** Ends a render: the next one keeps what this one used. */
  public nextRender(): void {
    this.previous = this.current;
    this.current = new Map();
  }
}
