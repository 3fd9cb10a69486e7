// A compute shader that does not compile (ProgramTest): the type of `missing` is never declared.
layout(local_size_x = 1) in;

void main() {
  missing value = 1.0;
}
