/** A parallel-coordinates axis: values[i] belongs to run i, null where the run lacks the value. */
export interface Axis { name: string; values: (number | null)[] }
