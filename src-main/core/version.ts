export const RELATA_VERSION = '0.1.0';
