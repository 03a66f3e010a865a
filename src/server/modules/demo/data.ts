/**
 * Word lists and comment templates for HiTouch, the demo company: a B2B financial-services
 * provider (payments, custody, reporting and risk software) selling to banks, insurers and asset
 * managers. Comments are written per score band and per theme so the dashboards read like a real
 * programme's.
 */

export const MARKETS = [
  // base: the market's underlying mean tendency; drift: change per year, so trends differ by market.
  { name: 'Banking', base: 0.35, drift: 0.06 },
  { name: 'Insurance', base: 0.05, drift: 0.12 },
  { name: 'Asset Management', base: 0.2, drift: -0.08 },
] as const;

export const REGIONS = ['North America', 'Europe', 'Asia Pacific'] as const;

export const ACCOUNT_WORDS: Record<(typeof MARKETS)[number]['name'], { first: string[]; last: string[] }> = {
  Banking: {
    first: ['Northwind', 'Harborview', 'Granite', 'Summit', 'Lakeshore', 'Redwood', 'Meridian', 'Pioneer', 'Keystone', 'Bluewater', 'Ironbridge', 'Silverline', 'Crescent', 'Union Square', 'Westfield', 'Highland', 'Eastgate', 'Beacon', 'Cedar', 'Atlas'],
    last: ['Bank', 'Savings Bank', 'Trust', 'Bancorp', 'Financial', 'Credit Union', 'Commercial Bank'],
  },
  Insurance: {
    first: ['Harbor', 'Evergreen', 'Sentinel', 'Liberty Oak', 'Stonegate', 'Guardian Peak', 'Riverside', 'Fairhaven', 'Northstar', 'Bridgewater', 'Oakmont', 'Aegis', 'Shieldcrest', 'Lighthouse', 'Coastal', 'Prairie'],
    last: ['Mutual', 'Insurance', 'Assurance', 'Life', 'Re', 'Casualty', 'Underwriters'],
  },
  'Asset Management': {
    first: ['Crestline', 'Alder', 'Greyhawk', 'Maple Street', 'Polaris', 'Tidewater', 'Kingsbridge', 'Larkspur', 'Vantage', 'Quarry Hill', 'Ashford', 'Copperleaf', 'Juniper', 'Sterling', 'Halcyon'],
    last: ['Capital', 'Asset Partners', 'Investments', 'Advisors', 'Wealth', 'Fund Management', 'Asset Management'],
  },
};

export const FIRST_NAMES = [
  'Anna', 'Ben', 'Carla', 'David', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'James', 'Keiko', 'Liam', 'Maria', 'Noah', 'Olga', 'Pedro',
  'Quinn', 'Rosa', 'Sam', 'Tara', 'Uma', 'Victor', 'Wen', 'Xavier', 'Yara', 'Zoe', 'Amir', 'Beatriz', 'Chloe', 'Dmitri', 'Emeka', 'Fiona',
  'Gustav', 'Hana', 'Ivan', 'Julia', 'Kofi', 'Lena', 'Marco', 'Nadia', 'Oscar', 'Priya', 'Raj', 'Sofia', 'Tomas', 'Ulla', 'Vera', 'Will',
];

export const LAST_NAMES = [
  'Andersen', 'Brooks', 'Chen', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Hansen', 'Ito', 'Jensen', 'Kowalski', 'Larsen', 'Moreau', 'Nakamura',
  'Okafor', 'Patel', 'Quinn', 'Rossi', 'Schmidt', 'Tanaka', 'Usman', 'Varga', 'Weber', 'Xu', 'Young', 'Zimmermann', 'Alvarez', 'Becker',
  'Costa', 'Dunn', 'Eriksen', 'Fontaine', 'Gupta', 'Horvat', 'Ivanova', 'Jones', 'Kim', 'Lopez', 'Murphy', 'Novak', 'Olsen', 'Park',
];

/** Audience roles with their share of contacts and their tendency (executives are warmer, IT cooler). */
export const AUDIENCE_ROLES = [
  { role: 'executive', label: 'Executive', share: 0.15, lift: 0.1 },
  { role: 'purchasing_agent', label: 'Purchasing', share: 0.2, lift: -0.05 },
  { role: 'operations', label: 'Operations', share: 0.4, lift: 0 },
  { role: 'it', label: 'IT', share: 0.25, lift: -0.1 },
] as const;

/** The touch points the relationship survey's "tell us more" section rates, with how each leans. */
export const TOUCH_POINT_ROWS = [
  { id: 'account_mgmt', text: 'Account management', touchPoint: 'account-management', lift: 0.1 },
  { id: 'onboarding', text: 'Onboarding', touchPoint: 'onboarding', lift: -0.1 },
  { id: 'portal', text: 'Reporting portal', touchPoint: 'reporting-portal', lift: -0.05 },
  { id: 'support', text: 'Service and support', touchPoint: 'service-call', lift: 0 },
  { id: 'invoicing', text: 'Invoicing', touchPoint: 'invoice', lift: -0.2 },
] as const;

/**
 * How much each touch point's experience moves a relationship score, per market: in Banking the
 * account manager and support carry the relationship, in Insurance invoicing and onboarding, in Asset
 * Management the reporting portal — so the driver analysis finds a different story in each market.
 */
export const DRIVER_WEIGHTS: Record<(typeof MARKETS)[number]['name'], Record<(typeof TOUCH_POINT_ROWS)[number]['id'], number>> = {
  Banking: { account_mgmt: 0.45, support: 0.3, portal: 0.1, onboarding: 0.1, invoicing: 0.05 },
  Insurance: { invoicing: 0.45, onboarding: 0.25, support: 0.15, account_mgmt: 0.1, portal: 0.05 },
  'Asset Management': { portal: 0.45, account_mgmt: 0.25, invoicing: 0.1, support: 0.1, onboarding: 0.1 },
};

/** Closing remarks per band, added to some comments; the comments themselves are per market (verbatim-words.ts). */
export const COMMENTS = {
  closing: {
    promoter: ['Keep it up.', 'Thank you to the whole team.', 'We will renew.', ''],
    passive: ['Otherwise fine.', 'Would recommend with reservations.', '', ''],
    detractor: ['Please call me.', 'This needs senior attention.', 'We expect a plan.', ''],
  },
} as const;
