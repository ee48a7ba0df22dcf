/**
 * Regions and specialties known across all rounds. The national reference data (Kazakhstan's
 * 20 regions and its TVET specialties, fixtures/data) gives the names in three languages; a
 * round may bring codes beyond it, and the first round to bring a code names it.
 */
import type { Db } from '../db/open-database.ts';
import type { Region, Specialty } from '../../solver/schema.ts';
import regionsFile from '../../fixtures/data/regions.json' with { type: 'json' };
import specialtiesFile from '../../fixtures/data/specialties.json' with { type: 'json' };
import { displayName } from '../../fixtures/reference-data.ts';

const BATCH = 5000;

/** Loads the national reference data; run at every start so corrections to it arrive. */
export async function seedNationalReferenceData(db: Db): Promise<void> {
  const names = (entry: { name_en: string; name_ru: string | null; name_kk: string | null }) => ({
    name: displayName(entry.name_en),
    name_en: displayName(entry.name_en),
    name_ru: displayName(entry.name_ru),
    name_kk: displayName(entry.name_kk),
  });
  const regions = regionsFile.regions.map((r) => ({ code: r.iso_3166_2, ...names(r), lat: r.lat, lon: r.lon }));
  const specialties = specialtiesFile.specialties.map((s) => ({ code: s.id, ...names(s) }));
  await db
    .insertInto('regions')
    .values(regions)
    .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name_en: eb.ref('excluded.name_en'), name_ru: eb.ref('excluded.name_ru'), name_kk: eb.ref('excluded.name_kk') })))
    .execute();
  await db
    .insertInto('specialties')
    .values(specialties)
    .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name_en: eb.ref('excluded.name_en'), name_ru: eb.ref('excluded.name_ru'), name_kk: eb.ref('excluded.name_kk') })))
    .execute();
}

/**
 * Adds the codes a round brings that are not known yet. In code order: two imports adding
 * the same new codes at once (on PostgreSQL) then wait for each other in the same order,
 * never each for the other.
 */
export async function addReferenceData(db: Db, unsortedRegions: Region[], unsortedSpecialties: Specialty[]): Promise<void> {
  const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const regions = [...unsortedRegions].sort(byCode);
  const specialties = [...unsortedSpecialties].sort(byCode);
  for (let i = 0; i < regions.length; i += BATCH) {
    await db
      .insertInto('regions')
      .values(regions.slice(i, i + BATCH).map((r) => ({ code: r.code, name: r.name ?? null, name_en: null, name_ru: null, name_kk: null, lat: r.lat, lon: r.lon })))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
  for (let i = 0; i < specialties.length; i += BATCH) {
    await db
      .insertInto('specialties')
      .values(specialties.slice(i, i + BATCH).map((s) => ({ code: s.code, name: s.name ?? null, name_en: null, name_ru: null, name_kk: null })))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
}

export async function listRegions(db: Db) {
  return db.selectFrom('regions').select(['code', 'name', 'name_en', 'name_ru', 'name_kk', 'lat', 'lon']).orderBy('code').execute();
}

export async function listSpecialties(db: Db) {
  return db.selectFrom('specialties').select(['code', 'name', 'name_en', 'name_ru', 'name_kk']).orderBy('code').execute();
}
