#!/usr/bin/env node
// `npm run boot [-- --env ENV ...]`: bundles src/boot/main.ts and runs it, once per environment and all
// environments at once, as root inside new network, mount and PID namespaces (util-linux `unshare`). Everything the boot creates (pod processes, network namespaces, the
// bridge, nftables rules, tmpfs mounts) lives in those namespaces and is gone when the run ends, even when
// it is killed.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
if (process.getuid && process.getuid() !== 0) {
  console.error('boot: needs root (network namespaces, mounts, setpriv to the pods\' users); run it in CI or under sudo');
  process.exit(2);
}
const missing = ['unshare', 'nsenter', 'setpriv', 'ip', 'nft', 'haproxy', 'varnishd', 'redis-server', 'rabbitmq-server', 'mariadbd', 'php-fpm8.2', 'apache2', 'nginx', 'prometheus', 'amqp-publish', 'socat', 'openssl']
  .filter((p) => spawnSync('sh', ['-c', `command -v ${p} || test -x /usr/sbin/${p}`], { stdio: 'ignore' }).status !== 0);
if (missing.length) {
  console.error(`boot: missing programs: ${missing.join(', ')} (see the apt-get line in .ci/run)`);
  process.exit(2);
}
const outfile = path.join(root, '.build', 'boot.js');
esbuild.buildSync({ entryPoints: [path.join(root, 'src/boot/main.ts')], bundle: true, platform: 'node', target: 'node20', outfile, logLevel: 'warning' });
fs.mkdirSync(path.join(root, '.build', 'boot-logs'), { recursive: true });
// One isolated run per environment, all at once (each has its own network, mount and PID namespaces, so the
// same addresses and bridge name do not collide); each environment's output is printed when it finishes.
const args = process.argv.slice(2);
const { values } = require('node:util').parseArgs({ args, strict: false, options: { env: { type: 'string', multiple: true }, dist: { type: 'string' } } });
const distDir = path.resolve(root, typeof values.dist === 'string' ? values.dist : 'dist');
const envs = values.env?.length ? values.env : fs.readdirSync(distDir).filter((e) => fs.statSync(path.join(distDir, e)).isDirectory()).sort();
const rest = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--env') i++;
  else if (!args[i].startsWith('--env=')) rest.push(args[i]);
}
const start = Date.now();
let failed = 0;
let running = 0;
const children = new Set();
for (const env of envs) {
  running++;
  const child = spawn('unshare', ['--net', '--mount', '--propagation', 'private', '--pid', '--fork', '--kill-child', '--mount-proc', '--',
    'sh', '-c', 'mkdir -p /run/netns && mount -t tmpfs -o mode=0755 netns /run/netns && exec "$@"', 'boot', process.execPath, outfile, '--env', env, ...rest], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SHIPYARD_BOOT_ISOLATED: '1' },
  });
  children.add(child);
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  child.on('close', (code) => {
    children.delete(child);
    process.stdout.write(output);
    if (code !== 0) failed++;
    if (--running === 0) {
      console.log(`boot: ${envs.length - failed} of ${envs.length} environment(s) passed in ${((Date.now() - start) / 1000).toFixed(1)} s`);
      process.exit(failed ? 1 : 0);
    }
  });
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill('SIGKILL'); // --kill-child takes every pod process with it
    process.exit(130);
  });
}
