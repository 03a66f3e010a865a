import { connectDatabase, migrateToLatest } from '../../src/server/db/connect.ts';

/** Migrates the test PostgreSQL once before the files that share it start. */
export default async function setup(): Promise<void> {
  const url = process.env['TEST_DATABASE_URL'];
  if (!url) return;
  const handle = await connectDatabase({ databaseUrl: url, poolSize: 1 });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
}
