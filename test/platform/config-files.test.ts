import * as fs from 'fs';
import { BUILTIN_PROFILES } from '../../src/profiles';
import { checkInPod, expectAccepted, scratchDir } from '../support/config-check';
import { named, Obj, ofKind, render } from '../support/render';
import { selfSignedPem } from '../support/tls';

/**
 * The reference platform's configuration files, in every environment, judged by the programs that
 * read them, at the paths the pods mount them (the per-construct tests break each on purpose).
 */
const PEM = selfSignedPem('shop.test');
const commandOf = (objs: Obj[], workload: string): string[] => {
  const w = named(objs, 'Deployment', workload) ?? named(objs, 'StatefulSet', workload);
  return w!.spec.template.spec.containers[0].command;
};
const flag = (command: string[], name: string) => command[command.indexOf(name) + 1];

describe.each(Object.values(BUILTIN_PROFILES).map((p) => [p.name, p] as const))('%s', (_env, profile) => {
  const objs = render(profile);
  const hosts = ofKind(objs, 'Service').map((s) => s.metadata.name);

  test('haproxy -c accepts the edge config', () => {
    const command = commandOf(objs, 'haproxy');
    expectAccepted(checkInPod({ objects: objs, workload: 'haproxy', hosts, secrets: { 'shop-tls': { 'shop.pem': PEM } }, command: ['haproxy', '-c', '-dW', '-f', flag(command, '-f')] }));
  });

  test('promtool accepts the Prometheus config, which scrapes the workloads it admits', () => {
    const file = commandOf(objs, 'prometheus').find((a) => a.startsWith('--config.file='))!.split('=')[1];
    expectAccepted(checkInPod({ objects: objs, workload: 'prometheus', command: ['promtool', 'check', 'config', file] }));
  });

  test('php-fpm -t accepts the PHP-FPM config, as the container user', () => {
    expectAccepted(checkInPod({ objects: objs, workload: 'php-fpm', asContainerUser: true, command: ['php-fpm8.2', '-t', '--fpm-config', flag(commandOf(objs, 'php-fpm'), '--fpm-config')] }));
  });

  test('apache2 -t accepts the web config, with the httpd image layout (Debian modules and MIME types below its ServerRoot)', () => {
    const binds = { '/usr/lib/apache2/modules': '/usr/local/apache2/modules', '/etc/mime.types': '/usr/local/apache2/conf/mime.types' };
    expectAccepted(checkInPod({ objects: objs, workload: 'web', hosts, binds, asContainerUser: true, command: ['apache2', '-t', '-f', flag(commandOf(objs, 'web'), '-f')] }));
  });

  test('nginx -t accepts the static site config, as the container user', () => {
    expectAccepted(checkInPod({ objects: objs, workload: 'static', asContainerUser: true, command: ['nginx', '-t', '-e', 'stderr', '-c', flag(commandOf(objs, 'static'), '-c')] }));
  });

  test('varnishd -C compiles the VCL', () => {
    const work = scratchDir();
    try {
      expectAccepted(checkInPod({ objects: objs, workload: 'varnish', hosts, command: ['varnishd', '-C', '-n', work, '-f', flag(commandOf(objs, 'varnish'), '-f')] }));
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
