import buildRespondScript, { buildIfStale } from './respond-build-setup.ts';

/** Builds the admin app and the respondent page's script for the browser tests when missing or older than their sources. */
export default function setup(): void {
  buildIfStale('dist/web/index.html', ['src/web', 'src/contract', 'src/core'], []);
  buildRespondScript();
}
