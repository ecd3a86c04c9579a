/**
 * The `now` handed to a derivation, remembering whether the derivation looked at it. A
 * status that reads the time ("operator silent for 60 s") can change while nothing in the
 * cluster does, so the cache derives it again as time passes; any other status only
 * changes with its objects. Observing the reads, rather than asking each kind for its
 * deadlines, keeps kinds added by modules correct without their saying so.
 */
export class ObservedNow extends Date {
  private readValue = false;

  /** Whether the derivation read the time. */
  get read(): boolean {
    return this.readValue;
  }

  override getTime(): number {
    this.readValue = true;
    return super.getTime();
  }

  override valueOf(): number {
    this.readValue = true;
    return super.valueOf();
  }

  override toISOString(): string {
    this.readValue = true;
    return super.toISOString();
  }

  override toJSON(key?: any): string {
    this.readValue = true;
    return super.toJSON(key);
  }

  override toString(): string {
    this.readValue = true;
    return super.toString();
  }
}
