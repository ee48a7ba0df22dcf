/**
 * RoundSchema.safeParse's result for a valid round, computed without zod: zod's generic
 * per-value machinery took ~1 s on a 300,000-student round, and its copy of the round as much
 * again in memory and garbage collection. `parseValidRound` accepts only what the schema
 * accepts (it may refuse more: anything unusual, such as an own `__proto__` key or an object
 * that is not plain), and then returns a value equal to zod's, keys in the same order: the
 * schema's keys first in the schema's order, then the unknown keys in the input's order. It
 * returns the input's own objects and arrays wherever they are already so (the common case:
 * rounds are written in that order) and fresh ones elsewhere, so a valid round is not copied.
 * On null the caller runs zod, which reports the problems with their paths.
 *
 * It must follow schema.ts rule for rule; test/solver/schema-fast-path.test.ts compares the
 * two on valid and invalid rounds.
 */
import { ROUND_FORMAT, type Round } from './schema.ts';

type Loose = Record<string, unknown>;
/** Parses one value; FAIL when the schema would refuse it (undefined is a value: an optional one). */
type Parse = (value: unknown) => unknown;

const FAIL = Symbol('fail');

function isPlainObject(value: unknown): value is Loose {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && !Object.hasOwn(value, '__proto__');
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const inRange = (min: number, max: number): Parse => (value) => (isNumber(value) && value >= min && value <= max ? value : FAIL);
const string = (min: number, max: number): Parse => (value) => (typeof value === 'string' && value.length >= min && value.length <= max ? value : FAIL);
const wholeNumber = (min: number): Parse => (value) => (Number.isSafeInteger(value) && (value as number) >= min ? value : FAIL);
const boolean: Parse = (value) => (typeof value === 'boolean' ? value : FAIL);
const optional = (parse: Parse): Parse => (value) => (value === undefined ? undefined : parse(value));
const oneOf = (...allowed: unknown[]): Parse => (value) => (allowed.includes(value) ? value : FAIL);

function array(item: Parse): Parse {
  return (value) => {
    if (!Array.isArray(value)) return FAIL;
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const parsed = item(value[i]);
      if (parsed === FAIL || parsed === undefined) return FAIL;
      if (parsed !== value[i]) out ??= value.slice(0, i);
      out?.push(parsed);
    }
    return out ?? value;
  };
}

/**
 * zod's looseObject: known keys parsed, in shape order, then unknown keys as they are. The
 * object itself when that changes nothing.
 */
function looseObject(shape: Record<string, Parse>): Parse {
  const keys = Object.keys(shape);
  const position = new Map(keys.map((key, i) => [key, i]));
  return (value) => {
    if (!isPlainObject(value)) return FAIL;
    const parsed = new Array<unknown>(keys.length);
    let same = true;
    for (let i = 0; i < keys.length; i++) {
      const result = shape[keys[i]](value[keys[i]]);
      if (result === FAIL) return FAIL;
      parsed[i] = result;
      if (result !== value[keys[i]]) same = false;
    }
    // In order when the known keys come first, in shape order.
    let last = -1;
    let unknownSeen = false;
    for (const key of Object.keys(value)) {
      const at = position.get(key);
      if (at === undefined) unknownSeen = true;
      else if (unknownSeen || at < last) same = false;
      else last = at;
    }
    if (same) return value;
    const out: Loose = {};
    for (let i = 0; i < keys.length; i++) if (parsed[i] !== undefined || keys[i] in value) out[keys[i]] = parsed[i];
    for (const key of Object.keys(value)) if (!position.has(key)) out[key] = value[key];
    return out;
  };
}

const Id = string(1, 200);
const Name = string(0, 500);
const Latitude = inRange(-90, 90);
const Longitude = inRange(-180, 180);
const Score = inRange(0, 100);

const Mobility: Parse = (value) => {
  if (value === 'region' || value === 'country') return value;
  if (!isPlainObject(value)) return FAIL;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== 'maxKm' || !isNumber(value.maxKm) || value.maxKm < 0) return FAIL;
  return value;
};

const Scope = looseObject({ region: Id });

const RoundShape = looseObject({
  format: oneOf(ROUND_FORMAT),
  round: looseObject({
    id: Id,
    scope: (value) => (value === null || value === undefined ? value : Scope(value)),
    mechanism: optional(oneOf('optimal', 'stable')),
    policy: optional(
      looseObject({
        seed: optional(wholeNumber(-Infinity)),
        preferredOnly: optional(boolean),
        rankWeight: optional(inRange(0, 10_000)),
        offListCost: optional(inRange(0, 100_000)),
        kmWeight: optional(inRange(0, 100)),
        meritWeight: optional(inRange(0, 1_000)),
      }),
    ),
  }),
  regions: array(looseObject({ code: Id, name: optional(Name), lat: Latitude, lon: Longitude })),
  specialties: array(looseObject({ code: Id, name: optional(Name) })),
  colleges: array(looseObject({ id: Id, name: optional(Name), region: Id, lat: optional(Latitude), lon: optional(Longitude) })),
  enterprises: array(
    looseObject({
      id: Id,
      name: optional(Name),
      region: Id,
      lat: optional(Latitude),
      lon: optional(Longitude),
      capacity: optional(wholeNumber(0)),
      ranking: optional(array(Id)),
    }),
  ),
  offers: array(
    looseObject({
      id: Id,
      enterprise: Id,
      specialty: Id,
      places: wholeNumber(0),
      minScore: optional(Score),
      languages: optional(array(string(1, Infinity))),
      housing: optional(boolean),
    }),
  ),
  students: array(
    looseObject({
      id: Id,
      name: optional(Name),
      college: Id,
      specialty: Id,
      score: Score,
      language: optional(string(1, Infinity)),
      mobility: optional(Mobility),
      priority: optional(boolean),
      preferences: optional(array(Id)),
    }),
  ),
});

/** What RoundSchema.safeParse(input).data is when the round is valid; null when zod must decide. */
export function parseValidRound(input: unknown): Round | null {
  const parsed = RoundShape(input);
  return parsed === FAIL ? null : (parsed as Round);
}
