/**
 * The health records the sandbox's Data API serves: deterministic per person
 * and source, with realistic values (drug names and doses, lab tests with
 * LOINC codes, units and reference ranges, conditions with ICD-10-CM codes).
 *
 * A person gets one clinical picture (chosen from their human id), and every
 * source they connect tells part of it, as much as its category would: a
 * hospital a few medications, lab results and diagnoses, a lab only results,
 * a pharmacy only medications, a wearable none of these. So two sources of one
 * person agree with each other, as real ones mostly do.
 */
import type {Category, Source} from '../src/api/types.js';
import {mulberry32} from './catalogue.js';
import {hashString, stableHex} from './ids.js';

export type RecordKind = 'medication' | 'test_result' | 'condition';

/** The kinds, in the order the Data API's paths name them. */
export const RECORD_KINDS: readonly RecordKind[] = [
  'medication',
  'test_result',
  'condition',
];

/** The path segment of each kind under `/human/`. */
export const KIND_PATHS: Readonly<Record<RecordKind, string>> = {
  medication: 'medications',
  test_result: 'test_results',
  condition: 'conditions',
};

interface RecordBase {
  id: string;
  kind: RecordKind;
  sourceId: string;
  createdAt: string;
  updatedAt: string;
}

export interface MedicationRecord extends RecordBase {
  kind: 'medication';
  name: string;
  dosage?: string;
  status: 'active' | 'stopped';
  startedAt?: string;
}

export interface TestResultRecord extends RecordBase {
  kind: 'test_result';
  name: string;
  value: number | string;
  unit?: string;
  referenceRange?: string;
  observedAt: string;
  code?: {system: 'LOINC'; value: string};
}

export interface ConditionRecord extends RecordBase {
  kind: 'condition';
  name: string;
  status: 'active' | 'resolved';
  onsetAt?: string;
  code?: {system: 'ICD-10-CM'; value: string};
}

export type DataRecord = MedicationRecord | TestResultRecord | ConditionRecord;

export interface Profile {
  humanId: string;
  name?: string;
  birthDate?: string;
  sex?: 'female' | 'male';
  email?: string;
  updatedAt: string;
}

// ---------------------------------------------------------------------------
// What there is to tell

interface Medication {
  name: string;
  dosage: string;
}

interface LabTest {
  name: string;
  loinc: string;
  unit: string;
  referenceRange: string;
}

interface Condition {
  name: string;
  icd10: string;
}

interface Picture {
  /** Most telling first: a source that lists fewer lists the first ones. */
  medications: readonly Medication[];
  conditions: readonly Condition[];
  /** The person's lab tests, most telling first (by LOINC code), with the values their results take. */
  tests: readonly (readonly [loinc: string, values: readonly number[]])[];
}

const LAB_TESTS: ReadonlyMap<string, LabTest> = new Map(
  [
    {
      name: 'Hemoglobin A1c',
      loinc: '4548-4',
      unit: '%',
      referenceRange: '4.0-5.6',
    },
    {
      name: 'LDL cholesterol (calculated)',
      loinc: '13457-7',
      unit: 'mg/dL',
      referenceRange: '<100',
    },
    {
      name: 'HDL cholesterol',
      loinc: '2085-9',
      unit: 'mg/dL',
      referenceRange: '>40',
    },
    {
      name: 'Total cholesterol',
      loinc: '2093-3',
      unit: 'mg/dL',
      referenceRange: '<200',
    },
    {
      name: 'Triglycerides',
      loinc: '2571-8',
      unit: 'mg/dL',
      referenceRange: '<150',
    },
    {
      name: 'Glucose, fasting',
      loinc: '1558-6',
      unit: 'mg/dL',
      referenceRange: '70-99',
    },
    {
      name: 'Creatinine',
      loinc: '2160-0',
      unit: 'mg/dL',
      referenceRange: '0.6-1.3',
    },
    {
      name: 'Thyroid stimulating hormone (TSH)',
      loinc: '3016-3',
      unit: 'mIU/L',
      referenceRange: '0.4-4.0',
    },
    {
      name: 'Hemoglobin',
      loinc: '718-7',
      unit: 'g/dL',
      referenceRange: '12.0-17.5',
    },
    {
      name: 'Vitamin D, 25-hydroxy',
      loinc: '62292-8',
      unit: 'ng/mL',
      referenceRange: '30-100',
    },
  ].map((t) => [t.loinc, t])
);

// The demo user (MOCK_USER_ID, hum_demo_0001) falls on the last picture, the
// one the README's examples quote.
const PICTURES: readonly Picture[] = [
  // Mostly well: low vitamin D, an anxiety disorder, borderline cholesterol.
  {
    medications: [
      {name: 'Sertraline', dosage: '50 mg tablet, once daily'},
      {
        name: 'Cholecalciferol (vitamin D3)',
        dosage: '2000 IU capsule, once daily',
      },
      {name: 'Ibuprofen', dosage: '400 mg tablet, every 6 hours as needed'},
      {
        name: 'Amoxicillin',
        dosage: '500 mg capsule, three times daily for 10 days',
      },
    ],
    conditions: [
      {name: 'Generalized anxiety disorder', icd10: 'F41.1'},
      {name: 'Vitamin D deficiency', icd10: 'E55.9'},
      {name: 'Migraine without aura', icd10: 'G43.009'},
    ],
    tests: [
      ['62292-8', [18, 22, 26]],
      ['13457-7', [118, 106, 124]],
      ['2093-3', [204, 191, 211]],
      ['2085-9', [55, 49, 63]],
      ['718-7', [15.1, 14.4, 13.6]],
      ['3016-3', [1.6, 2.2, 1.9]],
      ['1558-6', [91, 86, 95]],
      ['2571-8', [121, 98, 134]],
      ['4548-4', [5.2, 5.4, 5.3]],
      ['2160-0', [0.9, 1.0, 0.8]],
    ],
  },
  // Thyroid and airways: hypothyroidism, asthma, reflux.
  {
    medications: [
      {
        name: 'Levothyroxine',
        dosage: '75 mcg tablet, once daily before breakfast',
      },
      {
        name: 'Albuterol HFA',
        dosage: '90 mcg/actuation, 2 puffs every 4-6 hours as needed',
      },
      {
        name: 'Fluticasone propionate',
        dosage: '110 mcg/actuation, 2 puffs twice daily',
      },
      {name: 'Omeprazole', dosage: '20 mg capsule, once daily'},
      {name: 'Cetirizine', dosage: '10 mg tablet, once daily'},
    ],
    conditions: [
      {name: 'Hypothyroidism', icd10: 'E03.9'},
      {name: 'Mild intermittent asthma', icd10: 'J45.20'},
      {name: 'Gastro-esophageal reflux disease', icd10: 'K21.9'},
      {name: 'Allergic rhinitis', icd10: 'J30.9'},
    ],
    tests: [
      ['3016-3', [4.8, 3.2, 2.4]],
      ['718-7', [12.9, 13.4, 13.1]],
      ['13457-7', [96, 88, 102]],
      ['2093-3', [176, 182, 169]],
      ['2085-9', [61, 58, 66]],
      ['1558-6', [88, 92, 85]],
      ['2571-8', [97, 110, 86]],
      ['4548-4', [5.1, 5.3, 5.0]],
      ['2160-0', [0.8, 0.7, 0.8]],
      ['62292-8', [34, 29, 41]],
    ],
  },
  // Cardiometabolic: type 2 diabetes under control, raised LDL.
  {
    medications: [
      {name: 'Metformin', dosage: '500 mg tablet, twice daily with meals'},
      {name: 'Lisinopril', dosage: '10 mg tablet, once daily'},
      {name: 'Atorvastatin', dosage: '20 mg tablet, once daily at bedtime'},
      {name: 'Aspirin', dosage: '81 mg tablet, once daily'},
      {name: 'Empagliflozin', dosage: '10 mg tablet, once daily'},
    ],
    conditions: [
      {name: 'Type 2 diabetes mellitus', icd10: 'E11.9'},
      {name: 'Essential hypertension', icd10: 'I10'},
      {name: 'Hyperlipidemia', icd10: 'E78.5'},
      {name: 'Obesity', icd10: 'E66.9'},
    ],
    tests: [
      ['4548-4', [5.4, 5.9, 6.3, 5.7]],
      ['13457-7', [112, 128, 104, 119]],
      ['1558-6', [104, 118, 97]],
      ['2160-0', [0.9, 1.1, 1.0]],
      ['2085-9', [42, 38, 46]],
      ['2093-3', [198, 214, 187]],
      ['2571-8', [162, 178, 141]],
      ['718-7', [14.2, 13.8, 14.9]],
      ['3016-3', [2.1, 1.8, 2.6]],
      ['62292-8', [27, 31, 24]],
    ],
  },
];

/** How much of the picture a source of each category tells, per kind. */
const COUNTS: Readonly<Record<Category, Readonly<Record<RecordKind, number>>>> =
  {
    hospital: {medication: 3, test_result: 5, condition: 2},
    clinic: {medication: 2, test_result: 3, condition: 2},
    lab: {medication: 0, test_result: 6, condition: 0},
    pharmacy: {medication: 4, test_result: 0, condition: 0},
    insurer: {medication: 2, test_result: 0, condition: 3},
    wearable: {medication: 0, test_result: 0, condition: 0},
    app: {medication: 0, test_result: 0, condition: 0},
  };

const GIVEN_FEMALE = ['Maria', 'Aisha', 'Emily', 'Mei', 'Sofia', 'Grace'];
const GIVEN_MALE = ['James', 'Daniel', 'Luis', 'Kwame', 'Ethan', 'Ravi'];
const FAMILY = ['Rivera', 'Chen', 'Okafor', 'Johnson', 'Patel', 'Novak', 'Kim'];

const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------
// Making records

function pictureOf(humanId: string): Picture {
  return PICTURES[hashString(`picture:${humanId}`) % PICTURES.length]!;
}

function pick<T>(list: readonly T[], rand: () => number): T {
  return list[Math.floor(rand() * list.length)]!;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The record's id: the same person, source, kind and index give the same id in every run. */
function recordId(
  humanId: string,
  sourceId: string,
  kind: RecordKind,
  index: number
): string {
  return `rec_${stableHex(humanId, sourceId, kind, String(index))}`;
}

/**
 * The `index`th record of a kind that `source` holds about the person:
 * indexes below the category's count are what the first sync brings, the
 * ones after are what a source adds later (`addRecords`).
 */
export function makeRecord(
  humanId: string,
  source: Source,
  kind: RecordKind,
  index: number,
  at: number
): DataRecord {
  const picture = pictureOf(humanId);
  const rand = mulberry32(
    hashString(`${humanId}|${source.id}|${kind}|${index}`)
  );
  const time = new Date(at).toISOString();
  const base = {
    id: recordId(humanId, source.id, kind, index),
    sourceId: source.id,
    createdAt: time,
    updatedAt: time,
  };
  switch (kind) {
    case 'medication': {
      const med = picture.medications[index % picture.medications.length]!;
      const stopped = index >= 2 && rand() < 0.3;
      return {
        ...base,
        kind,
        name: med.name,
        dosage: med.dosage,
        status: stopped ? 'stopped' : 'active',
        startedAt: isoDate(at - (60 + Math.floor(rand() * 1400)) * DAY_MS),
      };
    }
    case 'test_result': {
      const [loinc, values] = picture.tests[index % picture.tests.length]!;
      const test = LAB_TESTS.get(loinc)!;
      return {
        ...base,
        kind,
        name: test.name,
        value: pick(values, rand),
        unit: test.unit,
        referenceRange: test.referenceRange,
        observedAt: new Date(
          at - Math.floor(rand() * 30 + 1) * DAY_MS
        ).toISOString(),
        code: {system: 'LOINC', value: test.loinc},
      };
    }
    case 'condition': {
      const condition = picture.conditions[index % picture.conditions.length]!;
      return {
        ...base,
        kind,
        name: condition.name,
        status: index >= 2 && rand() < 0.4 ? 'resolved' : 'active',
        onsetAt: isoDate(at - (200 + Math.floor(rand() * 3000)) * DAY_MS),
        code: {system: 'ICD-10-CM', value: condition.icd10},
      };
    }
  }
}

/** What a first sync of `source` brings, stamped with the sync's time. */
export function seededRecords(
  humanId: string,
  source: Source,
  at: number
): DataRecord[] {
  const counts = COUNTS[source.category];
  return RECORD_KINDS.flatMap((kind) =>
    Array.from({length: counts[kind]}, (_, i) =>
      makeRecord(humanId, source, kind, i, at)
    )
  );
}

/** The kind a source most likely adds to: its category's largest, test results for the rest. */
export function defaultKind(source: Source): RecordKind {
  const counts = COUNTS[source.category];
  let best: RecordKind = 'test_result';
  for (const kind of RECORD_KINDS) if (counts[kind] > counts[best]) best = kind;
  return best;
}

/**
 * The demographics the person's sources agree on. Only a person with synced
 * data has them (`withDemographics`): the service learns them from sources.
 */
export function makeProfile(
  humanId: string,
  updatedAt: string,
  withDemographics: boolean,
  email?: string
): Profile {
  const profile: Profile = {humanId, updatedAt};
  if (withDemographics) {
    const rand = mulberry32(hashString(`profile:${humanId}`));
    const female = rand() < 0.5;
    profile.name = `${pick(female ? GIVEN_FEMALE : GIVEN_MALE, rand)} ${pick(FAMILY, rand)}`;
    profile.sex = female ? 'female' : 'male';
    const year = 1950 + Math.floor(rand() * 50);
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    profile.birthDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
  if (email !== undefined) profile.email = email;
  return profile;
}
