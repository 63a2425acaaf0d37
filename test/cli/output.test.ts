import { createOutput } from '../../src/cli/terminal/output';

function streams(tty: boolean) {
  const text = { out: '', err: '' };
  const stdout = { isTTY: tty, write: (s: string) => ((text.out += s), true) } as unknown as NodeJS.WriteStream;
  const stderr = { isTTY: tty, write: (s: string) => ((text.err += s), true) } as unknown as NodeJS.WriteStream;
  return { text, stdout, stderr };
}

describe('output', () => {
  test('on a TTY: progress lines and colours', () => {
    const { text, stdout, stderr } = streams(true);
    const out = createOutput({ stdout, stderr, env: {} });
    out.progress(out.green('ok'));
    out.error(out.err.red('bad'));
    expect(text.out).toBe('\u001b[32mok\u001b[0m\n');
    expect(text.err).toBe('\u001b[31mbad\u001b[0m\n');
  });

  test('NO_COLOR turns colours off', () => {
    const { text, stdout, stderr } = streams(true);
    const out = createOutput({ stdout, stderr, env: { NO_COLOR: '1' } });
    out.info(out.bold('plain'));
    expect(text.out).toBe('plain\n');
  });

  test('off a TTY: no progress, no colours; --quiet: only errors and data', () => {
    const { text, stdout, stderr } = streams(false);
    const out = createOutput({ stdout, stderr, env: {} });
    out.progress('p');
    out.info(out.red('i'));
    expect(text.out).toBe('i\n');
    const q = streams(true);
    const quiet = createOutput({ stdout: q.stdout, stderr: q.stderr, env: {}, quiet: true });
    quiet.progress('p');
    quiet.info('i');
    quiet.data('d\n');
    quiet.error('e');
    expect(q.text).toEqual({ out: 'd\n', err: 'e\n' });
  });
});
