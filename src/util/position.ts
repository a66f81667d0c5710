/** A place in a file, 1-based, as editors and compilers count: column in UTF-16 code units. */
export interface Position {
  line: number;
  col: number;
}
