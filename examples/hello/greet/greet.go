// Package greet says hello through a small C function, so building it runs
// cgo, gcc and the external linker path of the go command.
package greet

/*
#include <stdlib.h>

static int greet_len(const char *s) {
	int n = 0;
	while (s[n]) n++;
	return n;
}
*/
import "C"

import "unsafe"

// Len returns the length of s as counted by C.
func Len(s string) int {
	cs := C.CString(s)
	defer C.free(unsafe.Pointer(cs))
	return int(C.greet_len(cs))
}
