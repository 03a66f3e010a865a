import { sql } from 'kysely';

/** Which responses of a survey a reader may see: all of them, or those of units under a path. */
export type DataScope = { all: true } | { all: false; unitPath: string };

/** Restricts a query on responses aliased `r` to a data scope. */
export function responsesInScope(scope: DataScope) {
  return scope.all ? sql<boolean>`true` : sql<boolean>`r.unit_id in (select x.id from units x where x.path like ${`${scope.unitPath}%`})`;
}

/** Restricts a query on rollup_daily aliased `r` to a data scope: the total row, or one row per unit in scope. */
export function rollupSegmentsInScope(scope: DataScope) {
  return scope.all
    ? sql<boolean>`r.segment = ''`
    : sql<boolean>`r.segment in (select 'unit:' || x.id from units x where x.path like ${`${scope.unitPath}%`})`;
}
