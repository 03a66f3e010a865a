import { describe, expect, it } from 'vitest';
import { answerCellsReader, answerColumnsOf } from './response-table.ts';
import { SurveyDefinitionSchema } from './survey-definition.ts';

const v1 = SurveyDefinitionSchema.parse({
  questions: [
    { id: 'nps', type: 'nps', text: 'Recommend?' },
    { id: 'pick', type: 'single', text: 'Pick', options: [{ id: 'a', text: 'Alpha' }, { id: 'b', text: 'Beta' }], allowOther: true },
    { id: 'old', type: 'text', text: 'Only in v1' },
  ],
});
const v2 = SurveyDefinitionSchema.parse({
  questions: [
    { id: 'rate', type: 'matrix', text: 'Rate', rows: [{ id: 'x', text: 'X' }], notApplicable: true },
    { id: 'nps', type: 'nps', text: 'Recommend?' },
    { id: 'pick', type: 'multi', text: 'Pick', options: [{ id: 'a', text: 'Alpha (renamed)' }, { id: 'c', text: 'Gamma' }] },
    { id: 'rank', type: 'ranking', text: 'Rank', options: [{ id: 'p', text: 'Price' }, { id: 'q', text: 'Quality' }] },
  ],
});

describe('responses as table rows', () => {
  it('has a column per stored key: the newest version’s order, then what only older versions had', () => {
    expect(answerColumnsOf([v2, v1]).map((c) => c.key)).toEqual(['rate.x', 'nps', 'pick', 'rank', 'pick.other', 'old']);
  });

  it('reads each response by its own version: option texts, lists joined by "; ", "N/A", blanks as empty', () => {
    const columns = answerColumnsOf([v2, v1]);
    expect(answerCellsReader(v1, columns)({ nps: 7, pick: 'other', 'pick.other': 'Delta', old: 'kept' })).toEqual([null, 7, 'Other', null, 'Delta', 'kept']);
    expect(answerCellsReader(v1, columns)({ pick: 'a' })).toEqual([null, null, 'Alpha', null, null, null]);
    expect(answerCellsReader(v2, columns)({ 'rate.x': 'na', nps: 0, pick: ['a', 'c'], rank: ['q', 'p'] })).toEqual(['N/A', 0, 'Alpha (renamed); Gamma', 'Quality; Price', null, null]);
  });

  it('writes what a version does not know as stored', () => {
    const columns = answerColumnsOf([v2]);
    expect(answerCellsReader(v2, columns)({ pick: ['zzz'], rank: 'odd', 'rate.x': 3 })).toEqual([3, null, 'zzz', 'odd']);
  });
});
