import fc from 'fast-check';

// Atlas region names as the API spells them (upper snake), plus cloud-native spellings.
const REGIONS = ['US_EAST_1', 'VIRGINIA_USA', 'US_WEST_2', 'EU_WEST_1', 'DUBLIN_IRL', 'FRANKFURT_DEU', 'AP_SOUTHEAST_2', 'eastus', 'westeurope', 'us-central1'];

/** A cloud region name. */
export function region(): fc.Arbitrary<string> {
  return fc.constantFrom(...REGIONS);
}
