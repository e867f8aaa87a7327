// Realistic contacts, the same for a given seed: Estonian letters, characters that need
// escaping, leading zeros, datafields. The client tests and the benchmarks share them.

import type { Contact } from '../../generated/contact/types.js';

/** A small fast PRNG (mulberry32), so data is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Õie', 'Märt', 'Jüri', 'Ülle', 'Tõnu', 'Anneli', 'Kärt', 'Priit', 'Öö'];
const LAST = ['Tamm', 'Saar', 'Sepp', 'Mägi', 'Kask', 'Põder', 'Õunapuu', 'Lepik', 'Kõiv'];
const STREETS = ['Pärnu mnt', 'Tartu mnt', 'Narva mnt', 'Vabaduse pst', 'Jõe', 'Õie'];
const COMPANIES = ['Tamm & Poeg OÜ', 'Saar "Kala" AS', 'Mägi <Ehitus> OÜ', "O'Brien AS"];

/** The contact numbered `n` (from 1) of the set seeded by `seed`. */
export function sampleContact(n: number, random: () => number): Contact {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const first = pick(FIRST);
  const last = pick(LAST);
  const day = 1 + (n % 28);
  const contact: Contact = {
    code: n,
    customercode: String(n % 5000).padStart(6, '0'),
    name: `${first} ${last}`,
    address1: `${pick(STREETS)} ${1 + Math.floor(random() * 200)}`,
    address2: 'Tallinn',
    address3: n % 2 === 0 ? `${10_000 + (n % 90_000)} Harjumaa` : 'Eesti',
    phone: `+372 5${String(Math.floor(random() * 1e7)).padStart(7, '0')}`,
    email: `${first}.${last}${n}@näide.ee`.toLowerCase(),
    comment: n % 7 === 0 ? pick(COMPANIES) : `Kontakt ${n}: rida 1\nrida 2\tveerg, vt. lepingut`,
    mobile: `+372 5${String(Math.floor(random() * 1e7)).padStart(7, '0')}`,
    sex: n % 2 === 0 ? 1 : 0,
    firstname: first,
    lastname: last,
    birthday: `19${50 + (n % 50)}-0${1 + (n % 9)}-1${n % 10}T00:00:00`,
    pid: `3${String(80_000_000_00 + n).padStart(10, '0')}`,
    closed: n % 10 === 0 ? 1 : 0,
    ts: `2024-${String(1 + (n % 12)).padStart(2, '0')}-${String(day).padStart(2, '0')}T10:30:00`,
    datafields:
      n % 3 === 0
        ? []
        : [
            { code: 'KANAL', content: n % 2 ? 'e-post' : 'SMS' },
            { code: 'HUVI', content: 'müük & hooldus', param: String(n % 1000).padStart(5, '0') },
          ],
  };
  if (n % 4 === 0) contact.suppliercode = `S${String(n % 300).padStart(4, '0')}`;

  return contact;
}

// The text fields a contact may lack. Directo's answers leave out an attribute whose column
// is empty, so real registers mix records of many shapes.
const OPTIONAL = [
  'address2',
  'address3',
  'phone',
  'email',
  'comment',
  'mobile',
  'firstname',
  'lastname',
  'birthday',
  'pid',
] as const;

/** The contact numbered `n`, with each optional text field left out three times in ten. */
export function sparseContact(n: number, random: () => number): Contact {
  const contact = sampleContact(n, random);
  const left = new Set<string>(OPTIONAL.filter(() => random() < 0.3));

  return Object.fromEntries(
    Object.entries(contact).filter(([field]) => !left.has(field)),
  ) as unknown as Contact;
}

/** `count` contacts, numbered from 1. */
export function sampleContacts(count: number, seed = 20241): Contact[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => sampleContact(index + 1, random));
}
