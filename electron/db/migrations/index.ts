import type { Migration } from '../migrate';
import { migration as m001 } from './001_tillConfig';
import { migration as m002 } from './002_ruleSetCampaigns';
import { migration as m003 } from './003_signingKeys';
import { migration as m004 } from './004_revokedAndSpentElsewhere';
import { migration as m005 } from './005_plainCodes';
import { migration as m006 } from './006_redemptions';
import { migration as m007 } from './007_outbox';
import { migration as m008 } from './008_auditLog';
import { migration as m009 } from './009_ledgerIndexes';
import { migration as m010 } from './010_users';
import { migration as m011 } from './011_appSettings';
import { migration as m020 } from './020_sync';
import { migration as m030 } from './030_hqWinner';
import { migration as m040 } from './040_storeCurrency';
import { migration as m045 } from './045_settledVoids';
import { migration as m046 } from './046_ledgerTotals';
import { migration as m047 } from './047_outboxWaitingByTime';
import { migration as m050 } from './050_pinLockouts';
import { migration as m051 } from './051_hqCertificatePin';
import { migration as m052 } from './052_posOrders';
import { migration as m053 } from './053_posPairings';
import { migration as m054 } from './054_storeTills';
import { migration as m055 } from './055_storeStreamVersion';
import { migration as m056 } from './056_redemptionAmendments';
import { migration as m057 } from './057_spentLists';
import { migration as m058 } from './058_ruleSetEngine';
import { migration as m059 } from './059_orderEventRetries';
import { migration as m060 } from './060_issuingCodes';

/**
 * Every till migration, one flat sequence keyed on user_version: one file per version,
 * `NNN_whatItDoes.ts` exporting `migration` with version NNN, its test `NNN_whatItDoes.test.ts`
 * beside it (layout.test.ts checks all of this). A new migration takes the next number after
 * the highest one here, adds one line to this list, and ships with its test. The gaps below
 * are from the old per-domain ranges; they stay, so every existing database opens unchanged.
 */
// One line per migration: adding one is a one-line change.
// prettier-ignore
export const MIGRATIONS: readonly Migration[] = [
  m001,
  m002,
  m003,
  m004,
  m005,
  m006,
  m007,
  m008,
  m009,
  m010,
  m011,
  m020,
  m030,
  m040,
  m045,
  m046,
  m047,
  m050,
  m051,
  m052,
  m053,
  m054,
  m055,
  m056,
  m057,
  m058,
  m059,
  m060,
];

export type { Migration };
