// Character sets the value arbitraries draw from.
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const HEX = '0123456789abcdef';
export const ALNUM = `${LOWER}ABCDEFGHIJKLMNOPQRSTUVWXYZ${DIGITS}`;
