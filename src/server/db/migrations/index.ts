import type { Migration } from 'kysely/migration';
import * as m0001 from './0001-foundation.ts';
import * as m0002 from './0002-response-idempotency.ts';
import * as m0003 from './0003-respondent-sessions.ts';
import * as m0004 from './0004-listening-programmes.ts';
import * as m0006 from './0006-mail.ts';
import * as m0007 from './0007-reminder-links.ts';
import * as m0008 from './0008-segment-rollups.ts';
import * as m0009 from './0009-account-analytics.ts';
import * as m0011 from './0011-responses-in-order.ts';
import * as m0012 from './0012-segment-months.ts';
import * as m0013 from './0013-cases.ts';
import * as m0014 from './0014-goals.ts';
import * as m0015 from './0015-webhooks.ts';
import * as m0016 from './0016-digests.ts';
import * as m0017 from './0017-verbatims.ts';
import * as m0018 from './0018-account-alerts.ts';
import * as m0019 from './0019-text-jobs.ts';

/** Every migration, in the order it applies. Names never change once released. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-response-idempotency': m0002,
  '0003-respondent-sessions': m0003,
  '0004-listening-programmes': m0004,
  '0006-mail': m0006,
  '0007-reminder-links': m0007,
  '0008-segment-rollups': m0008,
  '0009-account-analytics': m0009,
  '0011-responses-in-order': m0011,
  '0012-segment-months': m0012,
  '0013-cases': m0013,
  '0014-goals': m0014,
  '0015-webhooks': m0015,
  '0016-digests': m0016,
  '0017-verbatims': m0017,
  '0018-account-alerts': m0018,
  '0019-text-jobs': m0019,
};
