import { v7 as uuidv7, validate, version } from 'uuid';

/** A new client-made id (UUIDv7: time-ordered, unique without coordination). */
export function newId(): string {
  return uuidv7();
}

export function isUuidV7(id: string): boolean {
  return validate(id) && version(id) === 7;
}
