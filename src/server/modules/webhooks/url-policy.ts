import { BlockList, isIP } from 'node:net';
import { ValidationError } from '../../errors.ts';

/**
 * Where webhooks may go. Link-local and cloud metadata addresses are refused always; private,
 * loopback and other internal addresses unless the operator allows them (WEBHOOK_ALLOW_PRIVATE,
 * on by default on the embedded database only). The check runs on the URL when it is saved and on
 * every address the host name resolves to when a delivery connects, so DNS cannot point around it.
 */

const ALWAYS = new BlockList();
ALWAYS.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local, and the metadata service of most clouds
ALWAYS.addSubnet('0.0.0.0', 8, 'ipv4');
ALWAYS.addSubnet('224.0.0.0', 4, 'ipv4'); // multicast
ALWAYS.addSubnet('240.0.0.0', 4, 'ipv4'); // reserved, broadcast
ALWAYS.addSubnet('100.100.100.200', 32, 'ipv4'); // Alibaba Cloud metadata
ALWAYS.addSubnet('fe80::', 10, 'ipv6');
ALWAYS.addSubnet('ff00::', 8, 'ipv6');
ALWAYS.addSubnet('fd00:ec2::254', 128, 'ipv6'); // AWS metadata over IPv6
ALWAYS.addAddress('::', 'ipv6');

const PRIVATE = new BlockList();
PRIVATE.addSubnet('127.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('100.64.0.0', 10, 'ipv4'); // carrier-grade NAT
PRIVATE.addSubnet('198.18.0.0', 15, 'ipv4');
PRIVATE.addAddress('::1', 'ipv6');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');

/** Why an address may not be called, or null when it may. */
export function refusalOf(address: string, allowPrivate: boolean): string | null {
  let ip = address.replace(/^\[|\]$/g, '');
  // An IPv4 address written as IPv6 (::ffff:169.254.169.254) is the IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) ip = mapped[1];
  const family = isIP(ip);
  if (family === 0) return null;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (ALWAYS.check(ip, type)) return `${ip} is a link-local, metadata or reserved address, which webhooks never call`;
  if (!allowPrivate && PRIVATE.check(ip, type)) return `${ip} is a private or loopback address; the operator may allow those with WEBHOOK_ALLOW_PRIVATE=true`;
  return null;
}

/** The URL, checked: http or https, no credentials, and no refused address or local host name. */
export function checkWebhookUrl(raw: string, allowPrivate: boolean, field = 'url'): URL {
  const fail = (message: string): never => {
    throw new ValidationError('The webhook URL cannot be used', [{ path: field, message }]);
  };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('Give an absolute URL such as https://hooks.example.com/corridor');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('Use an http:// or https:// URL');
  if (url.username || url.password) fail('Leave credentials out of the URL; verify requests by their signature instead');
  const host = url.hostname.toLowerCase();
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local'))) {
    fail(`${host} is a local host name; the operator may allow local receivers with WEBHOOK_ALLOW_PRIVATE=true`);
  }
  const refused = refusalOf(host, allowPrivate);
  if (refused) fail(refused);
  return url;
}
