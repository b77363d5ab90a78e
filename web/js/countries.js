// ISO 3166-1 alpha-2 codes; names come from Intl.DisplayNames in the
// viewer's language, so no table of names is needed here.
export const COUNTRY_CODES = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS ' +
  'BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE ' +
  'EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM ' +
  'HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC ' +
  'LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA ' +
  'NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO ' +
  'TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

// ISO 639-1 codes offered in the profile editor: the programme's working
// languages and the languages most spoken across its diasporas. A code
// already in a profile is kept even when it is not listed here.
export const LANGUAGE_CODES = (
  'af am ar bm bn de el en es fa ff fr gu ha he hi ht id ig it ja kg kn ko ku lg ln mg ml mr ne nl om ' +
  'pa pl ps pt ro ru rw sn so sq sr st sv sw ta te th ti tl tr tw uk ur uz vi wo xh yo zh zu'
).split(' ');

export const LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'native'];

export const SKILL_SUGGESTIONS = [
  'public speaking',
  'project management',
  'fundraising',
  'grant writing',
  'policy advocacy',
  'entrepreneurship',
  'financial literacy',
  'digital marketing',
  'data analysis',
  'software development',
  'community organising',
  'negotiation',
  'journalism',
  'research methods',
];
