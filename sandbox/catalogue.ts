/**
 * A deterministic, realistic catalogue of sources for the mock Connect service.
 *
 * `buildCatalogue(seed, count)` returns the sources in popularity order (most
 * popular first) together with an internal popularity rank per source id. The
 * rank is the mock service's own business: it is never sent to clients.
 * `generateCatalogue(seed, count)` returns just the sources.
 *
 * The same seed and count always give the same catalogue (ids included).
 */
import type {Category, Source, SourceStatus} from '../src/api/types.js';

export const DEFAULT_SEED = 20261129;
export const DEFAULT_COUNT = 5200;
export const LOGO_ORIGIN = 'https://logos.connect.mock';

export interface Catalogue {
  /** Most popular first. */
  sources: Source[];
  /** Source id → popularity rank: 0 is the most popular. Internal only. */
  popularity: Map<string, number>;
}

/** mulberry32: a tiny, fast, seeded PRNG giving floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type City = readonly [city: string, state: string];

const CITIES: readonly City[] = [
  ['New York', 'NY'],
  ['Brooklyn', 'NY'],
  ['Buffalo', 'NY'],
  ['Rochester', 'NY'],
  ['Albany', 'NY'],
  ['Los Angeles', 'CA'],
  ['San Francisco', 'CA'],
  ['San Diego', 'CA'],
  ['San Jose', 'CA'],
  ['Sacramento', 'CA'],
  ['Oakland', 'CA'],
  ['Fresno', 'CA'],
  ['Long Beach', 'CA'],
  ['Redding', 'CA'],
  ['Bakersfield', 'CA'],
  ['Pasadena', 'CA'],
  ['Santa Rosa', 'CA'],
  ['Chicago', 'IL'],
  ['Springfield', 'IL'],
  ['Peoria', 'IL'],
  ['Houston', 'TX'],
  ['Dallas', 'TX'],
  ['Austin', 'TX'],
  ['San Antonio', 'TX'],
  ['Fort Worth', 'TX'],
  ['El Paso', 'TX'],
  ['Lubbock', 'TX'],
  ['Phoenix', 'AZ'],
  ['Tucson', 'AZ'],
  ['Mesa', 'AZ'],
  ['Philadelphia', 'PA'],
  ['Pittsburgh', 'PA'],
  ['Allentown', 'PA'],
  ['Erie', 'PA'],
  ['Jacksonville', 'FL'],
  ['Miami', 'FL'],
  ['Tampa', 'FL'],
  ['Orlando', 'FL'],
  ['Tallahassee', 'FL'],
  ['Gainesville', 'FL'],
  ['Columbus', 'OH'],
  ['Cleveland', 'OH'],
  ['Cincinnati', 'OH'],
  ['Toledo', 'OH'],
  ['Akron', 'OH'],
  ['Dayton', 'OH'],
  ['Charlotte', 'NC'],
  ['Raleigh', 'NC'],
  ['Durham', 'NC'],
  ['Greensboro', 'NC'],
  ['Indianapolis', 'IN'],
  ['Fort Wayne', 'IN'],
  ['Seattle', 'WA'],
  ['Spokane', 'WA'],
  ['Tacoma', 'WA'],
  ['Denver', 'CO'],
  ['Colorado Springs', 'CO'],
  ['Boulder', 'CO'],
  ['Washington', 'DC'],
  ['Boston', 'MA'],
  ['Worcester', 'MA'],
  ['Springfield', 'MA'],
  ['Nashville', 'TN'],
  ['Memphis', 'TN'],
  ['Knoxville', 'TN'],
  ['Chattanooga', 'TN'],
  ['Detroit', 'MI'],
  ['Grand Rapids', 'MI'],
  ['Ann Arbor', 'MI'],
  ['Lansing', 'MI'],
  ['Portland', 'OR'],
  ['Eugene', 'OR'],
  ['Salem', 'OR'],
  ['Las Vegas', 'NV'],
  ['Reno', 'NV'],
  ['Louisville', 'KY'],
  ['Lexington', 'KY'],
  ['Baltimore', 'MD'],
  ['Bethesda', 'MD'],
  ['Milwaukee', 'WI'],
  ['Madison', 'WI'],
  ['Green Bay', 'WI'],
  ['Albuquerque', 'NM'],
  ['Santa Fe', 'NM'],
  ['Oklahoma City', 'OK'],
  ['Tulsa', 'OK'],
  ['Kansas City', 'MO'],
  ['St. Louis', 'MO'],
  ['Springfield', 'MO'],
  ['Omaha', 'NE'],
  ['Lincoln', 'NE'],
  ['Atlanta', 'GA'],
  ['Savannah', 'GA'],
  ['Augusta', 'GA'],
  ['Minneapolis', 'MN'],
  ['St. Paul', 'MN'],
  ['Rochester', 'MN'],
  ['Duluth', 'MN'],
  ['New Orleans', 'LA'],
  ['Baton Rouge', 'LA'],
  ['Shreveport', 'LA'],
  ['Wichita', 'KS'],
  ['Topeka', 'KS'],
  ['Birmingham', 'AL'],
  ['Montgomery', 'AL'],
  ['Mobile', 'AL'],
  ['Salt Lake City', 'UT'],
  ['Provo', 'UT'],
  ['Des Moines', 'IA'],
  ['Cedar Rapids', 'IA'],
  ['Little Rock', 'AR'],
  ['Jackson', 'MS'],
  ['Boise', 'ID'],
  ['Hartford', 'CT'],
  ['New Haven', 'CT'],
  ['Providence', 'RI'],
  ['Newark', 'NJ'],
  ['Trenton', 'NJ'],
  ['Camden', 'NJ'],
  ['Richmond', 'VA'],
  ['Norfolk', 'VA'],
  ['Charlottesville', 'VA'],
  ['Columbia', 'SC'],
  ['Charleston', 'SC'],
  ['Greenville', 'SC'],
  ['Charleston', 'WV'],
  ['Morgantown', 'WV'],
  ['Honolulu', 'HI'],
  ['Anchorage', 'AK'],
  ['Burlington', 'VT'],
  ['Portland', 'ME'],
  ['Manchester', 'NH'],
  ['Wilmington', 'DE'],
  ['Fargo', 'ND'],
  ['Sioux Falls', 'SD'],
  ['Billings', 'MT'],
  ['Cheyenne', 'WY'],
];

const STREETS = [
  'Main St',
  'Oak Ave',
  'Maple St',
  'Cedar Rd',
  'Pine St',
  'Elm St',
  'Washington Blvd',
  'Lake Dr',
  'Hillside Ave',
  'Park Ave',
  'Broadway',
  'Market St',
  'Jefferson Ave',
  'Lincoln Way',
  'Madison Ave',
  'Franklin St',
  'University Ave',
  'College Blvd',
  'Medical Center Dr',
  'Health Park Blvd',
  'Riverside Dr',
  'Sunset Blvd',
  'Highland Ave',
  'Spring St',
  'Church St',
  'Mill Rd',
  'Center St',
  '2nd St',
  '3rd Ave',
  '5th St',
  '14th St',
  'N Grand Blvd',
  'S State St',
  'E Colfax Ave',
  'W Olive Ave',
  'Summit Ave',
  'Valley View Rd',
  'Wellness Way',
  'Hospital Dr',
  'Commerce Pkwy',
];

const SAINTS = [
  'St. Mary’s',
  'St. Joseph',
  'St. Luke’s',
  'St. Francis',
  'St. Vincent',
  'St. John’s',
  'St. Elizabeth',
  'St. Anthony',
  'St. Catherine',
  'St. Agnes',
  'St. Peter’s',
  'St. Jude',
  'Good Samaritan',
  'Sacred Heart',
  'Holy Cross',
  'Providence',
  'Saint Clare',
  'Our Lady of Lourdes',
];

const FAMILY_NAMES = [
  'Anderson',
  'Bennett',
  'Carter',
  'Dawson',
  'Ellison',
  'Fletcher',
  'Garcia',
  'Harper',
  'Iverson',
  'Jensen',
  'Kim',
  'Lawson',
  'Morales',
  'Nguyen',
  'Okafor',
  'Patel',
  'Quinn',
  'Reyes',
  'Sullivan',
  'Thompson',
  'Underwood',
  'Vasquez',
  'Whitaker',
  'Young',
  'Zimmerman',
  'Chen',
  'Goldberg',
  'Haddad',
  'Kowalski',
  'Lindqvist',
  'Martinez',
  'O’Brien',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Washington',
];

const HOSPITAL_PATTERNS: readonly ((c: City, r: () => number) => string)[] = [
  (c) => `${c[0]} General Hospital`,
  (c) => `${c[0]} Regional Medical Center`,
  (c) => `${c[0]} Memorial Hospital`,
  (c) => `${c[0]} Community Hospital`,
  (c) => `${c[0]} Children’s Hospital`,
  (c, r) => `${pick(SAINTS, r)} Medical Center ${c[0]}`,
  (_c, r) => `${pick(SAINTS, r)} Hospital`,
  (_c, r) => `${pick(FAMILY_NAMES, r)} Memorial Hospital`,
  (c) => `Baptist Health ${c[0]}`,
  (c) => `Methodist Hospital of ${c[0]}`,
  (c) => `Adventist Health ${c[0]}`,
  (c) => `University Hospital ${c[0]}`,
  (c) => `Veterans Affairs Medical Center ${c[0]}`,
  (c) => `Mercy Hospital ${c[0]}`,
  (c) => `HCA ${c[0]} Medical Center`,
  (c) => `Sutter ${c[0]} Medical Center`,
  (c) => `Dignity Health ${c[0]}`,
  (c) => `Trinity Health ${c[0]}`,
  (c) => `CommonSpirit ${c[0]} Hospital`,
  (c) => `AdventHealth ${c[0]}`,
];

const CLINIC_PATTERNS: readonly ((c: City, r: () => number) => string)[] = [
  (c) => `${c[0]} Family Medicine`,
  (c) => `${c[0]} Urgent Care`,
  (c) => `${c[0]} Pediatrics`,
  (c) => `${c[0]} Women’s Health`,
  (c) => `${c[0]} Dermatology Associates`,
  (c) => `${c[0]} Cardiology Group`,
  (c) => `${c[0]} Orthopedic Clinic`,
  (c) => `${c[0]} Community Health Center`,
  (_c, r) => `${pick(FAMILY_NAMES, r)} Family Practice`,
  (_c, r) =>
    `${pick(FAMILY_NAMES, r)} & ${pick(FAMILY_NAMES, r)} Internal Medicine`,
  (_c, r) => `Dr. ${pick(FAMILY_NAMES, r)} Pediatrics`,
  (c) => `One Medical ${c[0]}`,
  (c) => `MinuteClinic ${c[0]}`,
  (c) => `CityMD ${c[0]}`,
  (c) => `Carbon Health ${c[0]}`,
  (c) => `Planned Parenthood ${c[0]}`,
  (c) => `${c[0]} Eye Clinic`,
  (c) => `${c[0]} Sleep Center`,
  (c) => `${c[0]} Allergy & Asthma`,
  (c) => `Mercy Clinic ${c[0]}`,
];

const LAB_BRANDS = [
  'Quest Diagnostics',
  'Labcorp',
  'BioReference Laboratories',
  'Sonic Healthcare',
  'ARUP Laboratories',
  'Any Lab Test Now',
  'Mayo Clinic Laboratories',
  'Ulta Lab Tests',
  'Spectra Laboratories',
];

const PHARMACY_BRANDS = [
  'CVS Pharmacy',
  'Walgreens',
  'Rite Aid',
  'Walmart Pharmacy',
  'Costco Pharmacy',
  'Kroger Pharmacy',
  'Safeway Pharmacy',
  'Publix Pharmacy',
  'Target Pharmacy',
  'H-E-B Pharmacy',
  'Albertsons Pharmacy',
  'Duane Reade',
  'Meijer Pharmacy',
  'Hy-Vee Pharmacy',
  'Sam’s Club Pharmacy',
];

/** Sources that always exist, in popularity order. */
interface Curated {
  name: string;
  category: Category;
  city?: string;
  state?: string;
  aliases?: string[];
  status?: SourceStatus;
  noLogo?: boolean;
}

const CURATED: readonly Curated[] = [
  {name: 'Kaiser Permanente', category: 'insurer', aliases: ['KP', 'Kaiser']},
  {name: 'Fitbit', category: 'wearable'},
  {
    name: 'CVS Pharmacy',
    category: 'pharmacy',
    city: 'Sacramento',
    state: 'CA',
    aliases: ['CVS'],
  },
  {
    name: 'Mercy General Hospital',
    category: 'hospital',
    city: 'Sacramento',
    state: 'CA',
    aliases: ['Dignity Health Mercy General'],
  },
  {
    name: 'Apple Watch',
    category: 'wearable',
    aliases: ['Apple Health', 'HealthKit'],
  },
  {
    name: 'Quest Diagnostics',
    category: 'lab',
    city: 'Secaucus',
    state: 'NJ',
    aliases: ['Quest'],
  },
  {
    name: 'Labcorp',
    category: 'lab',
    city: 'Burlington',
    state: 'NC',
    aliases: ['LabCorp', 'Laboratory Corporation of America'],
  },
  {name: 'Walgreens', category: 'pharmacy', city: 'Chicago', state: 'IL'},
  {
    name: 'UnitedHealthcare',
    category: 'insurer',
    aliases: ['UHC', 'United Healthcare'],
  },
  {name: 'Aetna', category: 'insurer', aliases: ['Aetna CVS Health']},
  {name: 'Cigna', category: 'insurer', aliases: ['Cigna Healthcare']},
  {
    name: 'Blue Shield of California',
    category: 'insurer',
    aliases: ['BSC', 'Blue Shield CA'],
  },
  {name: 'Humana', category: 'insurer'},
  {
    name: 'Mayo Clinic',
    category: 'hospital',
    city: 'Rochester',
    state: 'MN',
    aliases: ['Mayo'],
  },
  {
    name: 'Cleveland Clinic',
    category: 'hospital',
    city: 'Cleveland',
    state: 'OH',
  },
  {
    name: 'UCSF Medical Center',
    category: 'hospital',
    city: 'San Francisco',
    state: 'CA',
    aliases: ['UCSF Health', 'UCSF'],
  },
  {name: 'Garmin', category: 'wearable', aliases: ['Garmin Connect']},
  {name: 'Oura', category: 'wearable', aliases: ['Oura Ring']},
  {name: 'MyFitnessPal', category: 'app', aliases: ['MFP']},
  {name: 'Strava', category: 'app'},
  {
    name: 'Massachusetts General Hospital',
    category: 'hospital',
    city: 'Boston',
    state: 'MA',
    aliases: ['Mass General', 'MGH'],
  },
  {
    name: 'Johns Hopkins Hospital',
    category: 'hospital',
    city: 'Baltimore',
    state: 'MD',
    aliases: ['Johns Hopkins Medicine', 'Hopkins'],
  },
  {
    name: 'Stanford Health Care',
    category: 'hospital',
    city: 'Palo Alto',
    state: 'CA',
    aliases: ['Stanford Hospital', 'Stanford Medicine'],
  },
  {
    name: 'Cedars-Sinai Medical Center',
    category: 'hospital',
    city: 'Los Angeles',
    state: 'CA',
    aliases: ['Cedars-Sinai', 'Cedars Sinai'],
  },
  {
    name: 'Mercy Medical Center',
    category: 'hospital',
    city: 'Baltimore',
    state: 'MD',
  },
  {
    name: 'Mercy Hospital St. Louis',
    category: 'hospital',
    city: 'St. Louis',
    state: 'MO',
    aliases: ['Mercy St. Louis'],
  },
  {
    name: 'Mercy San Juan Medical Center',
    category: 'hospital',
    city: 'Carmichael',
    state: 'CA',
  },
  {
    name: 'Mercy Medical Center Redding',
    category: 'hospital',
    city: 'Redding',
    state: 'CA',
    status: 'degraded',
  },
  {
    name: 'Mercy Hospital Springfield',
    category: 'hospital',
    city: 'Springfield',
    state: 'MO',
    status: 'down',
  },
  {
    name: 'Mercy Health St. Vincent Medical Center',
    category: 'hospital',
    city: 'Toledo',
    state: 'OH',
  },
  {
    name: 'Mercy Medical Center Merced',
    category: 'hospital',
    city: 'Merced',
    state: 'CA',
  },
  {
    name: 'Mercy Hospital Oklahoma City',
    category: 'hospital',
    city: 'Oklahoma City',
    state: 'OK',
  },
  {
    name: 'Mercy General Health Partners',
    category: 'clinic',
    city: 'Muskegon',
    state: 'MI',
  },
  {
    name: 'Withings',
    category: 'wearable',
    aliases: ['Withings Health Mate', 'Nokia Health'],
  },
  {name: 'Dexcom', category: 'wearable', aliases: ['Dexcom G7', 'Dexcom CGM']},
  {name: 'Polar', category: 'wearable', aliases: ['Polar Flow']},
  {name: 'Whoop', category: 'wearable', aliases: ['WHOOP']},
  {
    name: 'Samsung Galaxy Watch',
    category: 'wearable',
    aliases: ['Samsung Health'],
  },
  {name: 'Google Fit', category: 'app'},
  {
    name: 'Health Connect',
    category: 'app',
    aliases: ['Android Health Connect'],
  },
  {name: 'Rite Aid', category: 'pharmacy', city: 'Philadelphia', state: 'PA'},
  {
    name: 'Walmart Pharmacy',
    category: 'pharmacy',
    city: 'Bentonville',
    state: 'AR',
    aliases: ['Walmart'],
  },
  {
    name: 'BioReference Laboratories',
    category: 'lab',
    city: 'Elmwood Park',
    state: 'NJ',
    aliases: ['BioReference'],
  },
  {
    name: 'Blue Cross Blue Shield',
    category: 'insurer',
    aliases: ['BCBS', 'Anthem'],
  },
  {name: 'Medicare', category: 'insurer', aliases: ['CMS', 'Blue Button']},
  {
    name: 'NYU Langone Health',
    category: 'hospital',
    city: 'New York',
    state: 'NY',
    aliases: ['NYU Langone'],
  },
  {
    name: 'Mount Sinai Hospital',
    category: 'hospital',
    city: 'New York',
    state: 'NY',
    aliases: ['Mount Sinai', 'Mt Sinai'],
  },
  {
    name: 'NewYork-Presbyterian Hospital',
    category: 'hospital',
    city: 'New York',
    state: 'NY',
    aliases: ['NYP', 'New York Presbyterian'],
  },
  {
    name: 'UCLA Medical Center',
    category: 'hospital',
    city: 'Los Angeles',
    state: 'CA',
    aliases: ['UCLA Health', 'Ronald Reagan UCLA'],
  },
  {
    name: 'Kaiser Permanente San Francisco Medical Center',
    category: 'hospital',
    city: 'San Francisco',
    state: 'CA',
    aliases: ['KP San Francisco'],
  },
  {
    name: 'Kaiser Permanente Oakland Medical Center',
    category: 'hospital',
    city: 'Oakland',
    state: 'CA',
    aliases: ['KP Oakland'],
  },
  {
    name: 'Sutter Health',
    category: 'hospital',
    city: 'Sacramento',
    state: 'CA',
  },
  {
    name: 'Providence Health',
    category: 'hospital',
    city: 'Seattle',
    state: 'WA',
    aliases: ['Providence'],
  },
  {
    name: 'Intermountain Health',
    category: 'hospital',
    city: 'Salt Lake City',
    state: 'UT',
    aliases: ['Intermountain Healthcare'],
  },
  {
    name: 'Northwestern Memorial Hospital',
    category: 'hospital',
    city: 'Chicago',
    state: 'IL',
    aliases: ['Northwestern Medicine'],
  },
  {
    name: 'Houston Methodist Hospital',
    category: 'hospital',
    city: 'Houston',
    state: 'TX',
    aliases: ['Houston Methodist'],
  },
  {
    name: 'One Medical',
    category: 'clinic',
    city: 'San Francisco',
    state: 'CA',
    aliases: ['1Life Healthcare'],
  },
  {
    name: 'MinuteClinic',
    category: 'clinic',
    city: 'Woonsocket',
    state: 'RI',
    aliases: ['CVS MinuteClinic'],
  },
  {name: 'Anthem Blue Cross', category: 'insurer', aliases: ['Anthem']},
  {name: 'Centene', category: 'insurer', aliases: ['Ambetter']},
  {name: 'Molina Healthcare', category: 'insurer', aliases: ['Molina']},
  {name: 'Oscar Health', category: 'insurer', aliases: ['Oscar']},
  {name: 'Tricare', category: 'insurer', aliases: ['TRICARE']},
  {name: 'Health Net', category: 'insurer'},
  {name: 'Highmark', category: 'insurer', aliases: ['Highmark BCBS']},
  {
    name: 'Freestyle Libre',
    category: 'wearable',
    aliases: ['Abbott Libre', 'LibreView'],
  },
  {name: 'Omron', category: 'wearable', aliases: ['Omron Connect']},
  {name: 'Eight Sleep', category: 'wearable'},
  {name: 'Peloton', category: 'app'},
  {name: 'Noom', category: 'app'},
  {name: 'Headspace', category: 'app'},
  {name: 'Calm', category: 'app'},
  {name: 'Flo', category: 'app', aliases: ['Flo Period Tracker']},
  {name: 'Clue', category: 'app', aliases: ['Clue Period Tracker']},
  {name: 'Cronometer', category: 'app'},
  {name: 'Lose It!', category: 'app', aliases: ['LoseIt']},
  {name: 'Runkeeper', category: 'app'},
  {name: 'Nike Run Club', category: 'app', aliases: ['NRC']},
  {name: 'Sleep Cycle', category: 'app'},
  {name: 'Medisafe', category: 'app'},
  {name: 'Teladoc', category: 'app', aliases: ['Teladoc Health']},
  {name: 'Zwift', category: 'app'},
  {name: 'Suunto', category: 'wearable'},
  {name: 'Coros', category: 'wearable', aliases: ['COROS']},
  {name: 'Amazfit', category: 'wearable', aliases: ['Zepp']},
  {name: 'Ultrahuman', category: 'wearable', aliases: ['Ultrahuman Ring']},
  {name: 'iHealth', category: 'wearable'},
  {name: 'Eko', category: 'wearable'},
  {
    name: 'Medtronic CareLink',
    category: 'wearable',
    aliases: ['Medtronic', 'MiniMed'],
  },
  {
    name: 'Tandem t:connect',
    category: 'wearable',
    aliases: ['Tandem Diabetes'],
  },
  {name: 'Omnipod', category: 'wearable', aliases: ['Insulet']},
  {name: 'Epic MyChart', category: 'app', aliases: ['MyChart']},
  {name: 'Cerner Health', category: 'app', aliases: ['Oracle Health']},
  {name: 'Sonic Healthcare USA', category: 'lab', city: 'Austin', state: 'TX'},
  {
    name: 'ARUP Laboratories',
    category: 'lab',
    city: 'Salt Lake City',
    state: 'UT',
    aliases: ['ARUP'],
  },
  {
    name: 'Costco Pharmacy',
    category: 'pharmacy',
    city: 'Issaquah',
    state: 'WA',
    aliases: ['Costco'],
  },
  {
    name: 'Kroger Pharmacy',
    category: 'pharmacy',
    city: 'Cincinnati',
    state: 'OH',
    aliases: ['Kroger'],
  },
  {
    name: 'Amazon Pharmacy',
    category: 'pharmacy',
    city: 'Seattle',
    state: 'WA',
    aliases: ['PillPack'],
  },
  {
    name: 'Express Scripts',
    category: 'pharmacy',
    city: 'St. Louis',
    state: 'MO',
    aliases: ['ESI'],
  },
  {
    name: 'OptumRx',
    category: 'pharmacy',
    city: 'Irvine',
    state: 'CA',
    aliases: ['Optum'],
  },
  {name: 'Florida Blue', category: 'insurer'},
  {name: 'Independence Blue Cross', category: 'insurer', aliases: ['IBX']},
  {name: 'Premera Blue Cross', category: 'insurer', aliases: ['Premera']},
  {name: 'Regence BlueShield', category: 'insurer', aliases: ['Regence']},
  {
    name: 'Excellus BlueCross BlueShield',
    category: 'insurer',
    aliases: ['Excellus'],
  },
  {
    name: 'CareFirst BlueCross BlueShield',
    category: 'insurer',
    aliases: ['CareFirst'],
  },
  {
    name: 'Blue Cross Blue Shield of Texas',
    category: 'insurer',
    aliases: ['BCBSTX'],
  },
  {
    name: 'Blue Cross Blue Shield of Michigan',
    category: 'insurer',
    aliases: ['BCBSM'],
  },
  {
    name: 'Blue Cross and Blue Shield of Illinois',
    category: 'insurer',
    aliases: ['BCBSIL'],
  },
  {
    name: 'Wellmark Blue Cross Blue Shield',
    category: 'insurer',
    aliases: ['Wellmark'],
  },
  {
    name: 'Harvard Pilgrim Health Care',
    category: 'insurer',
    aliases: ['Harvard Pilgrim'],
  },
  {name: 'Tufts Health Plan', category: 'insurer', aliases: ['Tufts']},
  {name: 'Geisinger Health Plan', category: 'insurer'},
  {name: 'Medica', category: 'insurer'},
  {name: 'HealthPartners', category: 'insurer'},
  {name: 'Priority Health', category: 'insurer'},
  {name: 'EmblemHealth', category: 'insurer'},
  {name: 'Fidelis Care', category: 'insurer'},
  {name: 'WellCare', category: 'insurer', aliases: ['Wellcare']},
  {name: 'Medicaid', category: 'insurer'},
  {name: 'Clover Health', category: 'insurer'},
  {name: 'Devoted Health', category: 'insurer'},
  {name: 'Alignment Health', category: 'insurer'},
  {name: 'SCAN Health Plan', category: 'insurer', aliases: ['SCAN']},
  {name: 'L.A. Care Health Plan', category: 'insurer', aliases: ['LA Care']},
  {name: 'Ambetter from Health Net', category: 'insurer'},
  {name: 'Sharp Health Plan', category: 'insurer'},
  {
    name: 'Kaiser Permanente Washington',
    category: 'insurer',
    aliases: ['KP Washington'],
  },
  {name: 'Apple Fitness+', category: 'app'},
  {name: 'Samsung Health Monitor', category: 'app'},
  {name: 'WeightWatchers', category: 'app'},
  {name: 'Sweatcoin', category: 'app'},
  {name: 'Ada Health', category: 'app'},
  {name: 'BetterHelp', category: 'app'},
  {name: 'Livongo', category: 'app'},
  {name: 'Omada Health', category: 'app'},
  {name: 'Hinge Health', category: 'app'},
  {name: 'Garmin Index Scale', category: 'wearable'},
  {name: 'Wahoo', category: 'wearable'},
  {name: 'Xiaomi Mi Band', category: 'wearable'},
  {name: 'Google Pixel Watch', category: 'wearable'},
  {name: 'Eversense CGM', category: 'wearable'},
  {name: 'Qardio', category: 'wearable'},
];

function pick<T>(list: readonly T[], r: () => number): T {
  return list[Math.floor(r() * list.length)] as T;
}

function address(r: () => number): string {
  return `${1 + Math.floor(r() * 9899)} ${pick(STREETS, r)}`;
}

/** Build the catalogue: sources in popularity order plus the internal rank map. */
export function buildCatalogue(
  seed = DEFAULT_SEED,
  count = DEFAULT_COUNT
): Catalogue {
  const r = mulberry32(seed);
  const usedIds = new Set<string>();
  const newId = (): string => {
    for (;;) {
      const n = Math.floor(r() * 2176782336); // 36^6
      const id = `src_${n.toString(36).padStart(6, '0')}${Math.floor(r() * 1296)
        .toString(36)
        .padStart(2, '0')}`;
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };

  const curated: Source[] = CURATED.map((c) => {
    const id = newId();
    const s: Source = {
      id,
      name: c.name,
      category: c.category,
      status: c.status ?? 'ok',
    };
    if (!c.noLogo) s.logoUrl = `${LOGO_ORIGIN}/${id}.svg`;
    if (c.city || c.state) {
      s.location = {};
      if (c.city) s.location.city = c.city;
      if (c.state) s.location.state = c.state;
      if (
        c.category === 'hospital' ||
        c.category === 'clinic' ||
        c.category === 'lab' ||
        c.category === 'pharmacy'
      ) {
        s.location.address = address(r);
      }
    }
    if (c.aliases) s.aliases = [...c.aliases];
    return s;
  });

  // Generated sources, each with a random popularity score; sorted afterwards.
  // Chains (pharmacies, labs) are unique per name and city; anything else by name.
  const keyOf = (
    name: string,
    category: Category,
    city?: string,
    state?: string
  ) =>
    category === 'pharmacy' || category === 'lab'
      ? `${name}|${city ?? ''}|${state ?? ''}`
      : name;
  const seen = new Set<string>(
    curated.map((s) =>
      keyOf(s.name, s.category, s.location?.city, s.location?.state)
    )
  );
  const generated: {s: Source; score: number}[] = [];
  const target = Math.max(0, count - curated.length);
  // Share of each category among the generated sources.
  const mix: readonly [Category, number][] = [
    ['hospital', 0.3],
    ['clinic', 0.3],
    ['lab', 0.12],
    ['pharmacy', 0.28],
  ];
  let guard = 0;
  while (generated.length < target && guard++ < target * 20) {
    const roll = r();
    let acc = 0;
    let category: Category = 'clinic';
    for (const [cat, share] of mix) {
      acc += share;
      if (roll < acc) {
        category = cat;
        break;
      }
    }
    const city = pick(CITIES, r);
    let name: string;
    switch (category) {
      case 'hospital':
        name = pick(HOSPITAL_PATTERNS, r)(city, r);
        break;
      case 'clinic':
        name = pick(CLINIC_PATTERNS, r)(city, r);
        break;
      case 'lab':
        name = pick(LAB_BRANDS, r);
        break;
      default:
        name = pick(PHARMACY_BRANDS, r);
    }
    const key = keyOf(name, category, city[0], city[1]);
    if (seen.has(key)) {
      // Chains may have several branches in one city; other names are unique.
      if (category !== 'pharmacy' && category !== 'lab') continue;
      if (r() < 0.6) continue;
    }
    seen.add(key);
    const id = newId();
    const s: Source = {
      id,
      name,
      category,
      location: {city: city[0], state: city[1], address: address(r)},
    };
    const st = r();
    s.status = st < 0.01 ? 'down' : st < 0.04 ? 'degraded' : 'ok';
    if (r() >= 0.15) s.logoUrl = `${LOGO_ORIGIN}/${id}.svg`;
    if (category === 'hospital' && name.startsWith('University Hospital'))
      s.aliases = [`UH ${city[0]}`];
    if (category === 'pharmacy' && name === 'CVS Pharmacy') s.aliases = ['CVS'];
    if (category === 'lab' && name === 'Quest Diagnostics')
      s.aliases = ['Quest'];
    // Chain branches and big hospitals are a little more popular.
    const boost =
      category === 'hospital' ? 0.15 : category === 'pharmacy' ? 0.1 : 0;
    generated.push({s, score: r() + boost});
  }
  generated.sort((a, b) => b.score - a.score);

  const sources = [...curated, ...generated.map((g) => g.s)].slice(
    0,
    Math.max(0, count)
  );
  const popularity = new Map<string, number>();
  sources.forEach((s, i) => popularity.set(s.id, i));
  return {sources, popularity};
}

/** The catalogue's sources, most popular first. Deterministic for a seed and count. */
export function generateCatalogue(
  seed = DEFAULT_SEED,
  count = DEFAULT_COUNT
): Source[] {
  return buildCatalogue(seed, count).sources;
}
