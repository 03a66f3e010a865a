#!/usr/bin/env node
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { ALL_SERVICES, ConfigError, loadConfig, parseServices, type Config } from '../server/config.ts';
import { connectDatabase, DatabaseInUseError, migrateToLatest } from '../server/db/connect.ts';
import { createLogger, silentLogger } from '../server/logger.ts';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, demoExists, loadDemo } from '../server/modules/demo/service.ts';
import { createApiKey, createUser } from '../server/modules/users/service.ts';
import { ROLES, type Role } from '../contract/common.ts';
import { openCorridor, pgliteDirOf, type Corridor } from '../server/runtime.ts';
import { importCustomersFile } from './import-customers.ts';
import { importFeedbackFile } from './import-feedback.ts';
import { exportResponsesToFile } from './export-responses.ts';
import { importResponsesCsv } from './import-responses.ts';
import { findUnitForCli } from './units.ts';
import { reportActor } from './report-output.ts';
import { formatReport, parseReportFormat, REPORTS, runReport, type ReportKind, type ReportOptions } from './report.ts';
import { etaBar, progressLine } from './progress.ts';
import { rebuildRollups } from '../server/modules/rollups/rebuild.ts';

/** The package root: where package.json and dist/web are, from src/cli or from its build. */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('Cannot find the Corridor package root');
    dir = up;
  }
  return dir;
}

function describeDatabase(config: Config): string {
  return config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${pgliteDirOf(config.dataDir)}`;
}

/** Opens Corridor with no web server and no workers, for one-shot commands. */
async function openForCommand(config: Config): Promise<Corridor> {
  return openCorridor({ config, roles: new Set(), log: silentLogger() });
}

/** A commander parser for a whole-number option within bounds. */
function wholeNumber(flag: string, min: number, max: number): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} takes a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}`);
    return n;
  };
}

const program = new Command()
  .name('corridor')
  .description('Corridor — customer experience management. Configuration comes from the environment (see the README).')
  .showHelpAfterError();

program
  .command('serve')
  .description('Start Corridor: the web app and API, background workers and the scheduler')
  .addOption(new Option('--services <list>', 'roles to run: web, worker, scheduler (all on the embedded database)').default('web,worker,scheduler'))
  .option('--demo', 'load the HiTouch demo company when the database has no demo yet')
  .action(async (opts: { services: string; demo?: boolean }) => {
    const config = loadConfig();
    let roles = parseServices(opts.services);
    if (!config.databaseUrl && roles.size < ALL_SERVICES.size) {
      // The embedded database has one connection, so one process plays every role.
      console.warn('The embedded database runs every role in one process; --services applies with DATABASE_URL only.');
      roles = new Set(ALL_SERVICES);
    }
    const log = createLogger(config.logLevel);
    const webDir = path.join(packageRoot(), 'dist', 'web');
    if (roles.has('web') && !existsSync(path.join(webDir, 'index.html'))) {
      console.warn(`The admin app is not built (${webDir} is missing): run "npm run build". The API and survey pages still work.`);
    }
    const corridor = await openCorridor({ config, roles, log, webDir });
    let demoLoaded = false;
    let demoLinks: { who: string; url: string }[] = [];
    if (opts.demo && !(await demoExists(corridor.services.db))) {
      console.log('Loading the HiTouch demo company (first start only) ...');
      demoLinks = (await loadDemo(corridor.services, { onProgress: (step) => console.log(`  ${step}`) })).personalLinks;
      demoLoaded = true;
    }
    const shutdown = async (signal: string) => {
      log.info({ signal }, 'shutting down');
      await corridor.stop();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    if (corridor.app) {
      await corridor.app.listen({ port: config.port, host: config.host });
      console.log(`\nCorridor is running at ${config.baseUrl}  (database: ${describeDatabase(config)})`);
      if (opts.demo || demoLoaded || (await demoExists(corridor.services.db))) {
        console.log(`Demo login: ${DEMO_ADMIN_EMAIL} / ${DEMO_PASSWORD}   (the demo is for trying Corridor; do not expose it)`);
        console.log(`Demo survey: ${config.baseUrl}/s/hitouch-relationship`);
        for (const link of demoLinks) console.log(`Personal link for ${link.who} (shown once): ${link.url}`);
      }
      console.log(`API docs: ${config.baseUrl}/docs\n`);
    } else {
      console.log(`Corridor ${[...roles].join(', ')} running (database: ${describeDatabase(config)})`);
    }
  });

program
  .command('migrate')
  .description('Apply database migrations, then exit')
  .action(async () => {
    const config = loadConfig();
    const handle = await connectDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.databaseUrl ? undefined : pgliteDirOf(config.dataDir) });
    try {
      const results = await migrateToLatest(handle.db);
      console.log(results.length === 0 ? 'The database is up to date.' : results.map((r) => `applied ${r.migrationName}`).join('\n'));
    } finally {
      await handle.close();
    }
  });

program
  .command('demo')
  .description('Load the HiTouch demo company (skipped when it exists)')
  .option('--responses <n>', 'responses over two years (default 6400)', wholeNumber('--responses', 0, 50_000_000))
  .option('--accounts <n>', 'accounts, each with 4 to 11 contacts (default 200, or one per 2,000 responses)', wholeNumber('--accounts', 1, 100_000))
  .option('--surveys <k>', 'surveys: the relationship and service surveys plus k-2 transactional ones (default 2)', wholeNumber('--surveys', 2, 200))
  .action(async (opts: { responses?: number; accounts?: number; surveys?: number }) => {
    const config = loadConfig();
    const corridor = await openForCommand(config);
    try {
      const progress = progressLine();
      const bar = etaBar();
      const result = await loadDemo(corridor.services, {
        responses: opts.responses,
        accounts: opts.accounts,
        surveys: opts.surveys,
        onProgress: (step) => progress(step),
        onResponses: (done, total) => progress(bar(done, total)),
      });
      progress.done();
      console.log(result.created ? `Loaded HiTouch with ${result.responses} responses.` : 'The HiTouch demo is already loaded.');
      console.log(`Login: ${result.adminEmail} / ${result.password}`);
      for (const link of result.personalLinks) console.log(`Personal link for ${link.who} (shown once): ${link.url}`);
    } finally {
      await corridor.stop();
    }
  });

program
  .command('rollups')
  .description('Recompute the daily rollups of every survey (or one) from its responses, a month at a time')
  .option('--survey <slug>', 'only this survey')
  .action(async (opts: { survey?: string }) => {
    const config = loadConfig();
    const corridor = await openForCommand(config);
    try {
      const db = corridor.services.db;
      let query = db.selectFrom('surveys').select(['id', 'slug']).orderBy('created_at');
      if (opts.survey) query = query.where('slug', '=', opts.survey);
      const surveys = await query.execute();
      if (opts.survey && surveys.length === 0) throw new Error(`No survey has the slug "${opts.survey}"`);
      const progress = progressLine();
      for (const [i, s] of surveys.entries()) {
        await rebuildRollups(db, s.id, (done, total) => progress(`${s.slug} (${i + 1} of ${surveys.length}): window ${done} of ${total}`));
      }
      progress.done();
      console.log(`Recomputed the rollups of ${surveys.length} survey${surveys.length === 1 ? '' : 's'}.`);
    } finally {
      await corridor.stop();
    }
  });

const user = program.command('user').description('Manage users');
user
  .command('create')
  .description('Create a user who logs in to the web app')
  .requiredOption('--email <email>', 'login email')
  .requiredOption('--name <name>', 'full name')
  .addOption(new Option('--role <role>', 'role').choices(ROLES).default('admin'))
  .option('--unit <name or id>', 'the unit whose data the user sees (default: the company)')
  .option('--password <password>', 'at least 12 characters (default: generated and printed once)')
  .action(async (opts: { email: string; name: string; role: Role; unit?: string; password?: string }) => {
    const config = loadConfig();
    const corridor = await openForCommand(config);
    try {
      const unit = await findUnitForCli(corridor.services.db, opts.unit);
      const { randomBytes } = await import('node:crypto');
      const password = opts.password ?? randomBytes(12).toString('base64url');
      const created = await createUser(corridor.services.db, null, { email: opts.email, name: opts.name, role: opts.role, unitId: unit.id, password });
      console.log(`Created ${created.role} ${created.email} in ${unit.name}.`);
      if (!opts.password) console.log(`Password (shown once): ${password}`);
    } finally {
      await corridor.stop();
    }
  });

const apikey = program.command('apikey').description('Manage API keys');
apikey
  .command('create')
  .description('Create an API key; it is printed once and stored only as a hash')
  .requiredOption('--name <name>', 'what uses the key, e.g. "CRM sync"')
  .addOption(new Option('--role <role>', 'role').choices(ROLES).default('admin'))
  .option('--unit <name or id>', 'the unit whose data the key reaches (default: the company)')
  .action(async (opts: { name: string; role: Role; unit?: string }) => {
    const config = loadConfig();
    const corridor = await openForCommand(config);
    try {
      const unit = await findUnitForCli(corridor.services.db, opts.unit);
      const { key, apiKey } = await createApiKey(corridor.services.db, null, { name: opts.name, role: opts.role, unitId: unit.id });
      console.log(`Created API key "${apiKey.name}" (${apiKey.role}, ${unit.name}). It is shown once; keep it safe:\n${key}`);
    } finally {
      await corridor.stop();
    }
  });

const importCommand = program.command('import').description('Import data from CSV files');
importCommand
  .command('responses <file>')
  .description('Import responses to a published survey from a CSV file: all rows or none, every bad row reported')
  .requiredOption('--survey <slug>', 'the survey, by the slug of its link')
  .option('--map <column=questionId>', 'answer a question from a column with another name (repeatable)', (v: string, all: string[]) => [...all, v], [])
  .option('--unit <name or id>', "the unit the responses belong to (default: the survey's)")
  .option('--skip-bad-rows', 'import the good rows and report the bad ones, instead of importing nothing')
  .action(async (file: string, opts: { survey: string; map: string[]; unit?: string; skipBadRows?: boolean }) => {
    const config = loadConfig();
    const corridor = await openForCommand(config);
    try {
      const unitId = opts.unit ? (await findUnitForCli(corridor.services.db, opts.unit)).id : undefined;
      const progress = progressLine();
      const result = await importResponsesCsv(corridor.services, file, {
        survey: opts.survey,
        map: opts.map,
        skipBadRows: opts.skipBadRows ?? false,
        ...(unitId ? { unitId } : {}),
        onProgress: (seen, imported) => progress(`${seen.toLocaleString('en')} rows read, ${imported.toLocaleString('en')} imported`),
      });
      progress.done();
      for (const bad of result.bad) console.error(`line ${bad.line}: ${bad.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
      if (result.badCount > result.bad.length) console.error(`... and ${result.badCount - result.bad.length} more bad rows`);
      if (result.rolledBack) {
        console.error(`${result.badCount} bad rows: nothing was imported. Fix them, or pass --skip-bad-rows to import the others.`);
        process.exitCode = 1;
      } else {
        console.log(`Imported ${result.imported} responses${result.badCount ? `; skipped ${result.badCount} bad rows` : ''}.`);
      }
    } finally {
      await corridor.stop();
    }
  });

for (const kind of ['accounts', 'contacts'] as const) {
  importCommand
    .command(`${kind} <file>`)
    .description(`Create or update ${kind} from a CSV file (${kind === 'accounts' ? 'keyed by crm_id' : 'keyed by crm_id or email'}): all rows or none, every bad row reported`)
    .option('--unit <name or id>', "the unit of rows that name none (default: the company); the import may reach the unit's whole company")
    .option('--skip-bad-rows', 'write the good rows and report the bad ones, instead of writing nothing')
    .action(async (file: string, opts: { unit?: string; skipBadRows?: boolean }) => {
      const config = loadConfig();
      const corridor = await openForCommand(config);
      try {
        const progress = progressLine();
        const result = await importCustomersFile(corridor.services, kind, file, {
          skipBadRows: opts.skipBadRows ?? false,
          unit: opts.unit,
          onProgress: (seen, written) => progress(`${seen.toLocaleString('en')} rows read, ${written.toLocaleString('en')} written`),
        });
        progress.done();
        for (const e of result.errors) console.error(`line ${e.row}: ${e.field}: ${e.message} (${e.code})`);
        if (result.rolledBack) {
          console.error(`${result.badRows} bad rows: nothing was written. Fix them, or pass --skip-bad-rows to write the others.`);
          process.exitCode = 1;
        } else {
          console.log(`${kind}: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged${result.skipped ? `, ${result.skipped} bad rows skipped` : ''}.`);
        }
      } finally {
        await corridor.stop();
      }
    });
}

importCommand
  .command('feedback <file>')
  .description('Import feedback items (interviews, focus groups, forum posts, observations, complaint letters) from a CSV file: all rows or none, every bad row reported; rows with a known external_id update their item')
  .option('--unit <name or id>', 'a unit of the company to import into (default: the only company)')
  .action(async (file: string, opts: { unit?: string }) => {
    const config = loadConfig();
    const corridor = await openForCommand(config);
    try {
      const progress = progressLine();
      const result = await importFeedbackFile(corridor.services, file, {
        unit: opts.unit,
        onProgress: (seen, written) => progress(`${seen.toLocaleString('en')} rows read, ${written.toLocaleString('en')} written`),
      });
      progress.done();
      for (const e of result.errors) console.error(`line ${e.row}: ${e.field}: ${e.message} (${e.code})`);
      if (result.rolledBack) {
        console.error(`${result.badRows} bad rows: nothing was written. Fix them and run the import again.`);
        process.exitCode = 1;
      } else {
        console.log(`feedback: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged.`);
      }
    } finally {
      await corridor.stop();
    }
  });

const exportCommand = program.command('export').description('Export data to CSV or XLSX files');
exportCommand
  .command('responses')
  .description("Export a survey's responses, every version's answers, streamed in constant memory")
  .requiredOption('--survey <slug>', 'the survey, by the slug of its link')
  .addOption(new Option('--format <format>', 'the file format').choices(['csv', 'xlsx']).default('csv'))
  .option('--from <YYYY-MM-DD>', 'responses submitted on or after this day (UTC)')
  .option('--to <YYYY-MM-DD>', 'responses submitted on or before this day (UTC)')
  .option('--out <file>', 'where to write (default: <survey>-responses.<format> here; - for standard output)')
  .action(async (opts: { survey: string; format: string; from?: string; to?: string; out?: string }) => {
    const config = loadConfig();
    const corridor = await openForCommand(config);
    try {
      const progress = progressLine();
      const result = await exportResponsesToFile(corridor.services, { ...opts, onProgress: (rows) => progress(`${rows.toLocaleString('en')} responses written`) });
      progress.done();
      if (result.file !== '-') console.error(`Wrote ${result.rows.toLocaleString('en')} responses to ${result.file}.`);
    } finally {
      await corridor.stop();
    }
  });

program
  .command('report <kind>')
  .description(`Print a report from the same code as the API: ${REPORTS.join(', ')}`)
  .option('--survey <slug>', 'the survey (nps, csat, ces, drivers), by the slug of its link')
  .option('--by <dimension>', 'group by a segment: language, channel, audience, version, touch_point, account_owner or an attribute such as market')
  .option('--interval <interval>', 'and by time: day, week, month or quarter')
  .option('--from <YYYY-MM-DD>', 'first day (UTC)')
  .option('--to <YYYY-MM-DD>', 'last day (UTC)')
  .option('--outcome <key>', 'drivers: the outcome question (default: the NPS question; "index" for the summary index)')
  .option('--drivers <set>', 'drivers: items or touch-points')
  .option('--corridor <role>', 'corridor: the corridor, by its audience role')
  .option('--as <email>', "read as this user, within their role and units (default: the whole company)")
  .addOption(new Option('--format <format>', 'the output').choices(['table', 'csv', 'json']).default('table'))
  .action(async (kind: string, opts: ReportOptions & { as?: string }) => {
    if (!(REPORTS as readonly string[]).includes(kind)) throw new ConfigError(`Unknown report "${kind}": use one of ${REPORTS.join(', ')}`);
    const config = loadConfig();
    const corridor = await openForCommand(config);
    try {
      const actor = await reportActor(corridor.services.db, opts.as);
      const report = await runReport(corridor.services, actor, kind as ReportKind, opts);
      console.log(formatReport(parseReportFormat(opts.format), report));
    } finally {
      await corridor.stop();
    }
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError || err instanceof DatabaseInUseError || (err instanceof Error && 'code' in err && typeof err.code === 'string')) {
    console.error(err.message);
  } else {
    console.error(err);
  }
  process.exit(1);
}
