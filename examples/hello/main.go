// Command hello is the example module that `make demo` builds under gotrace.
package main

import (
	"fmt"

	"example.com/hello/greet"
)

func main() {
	msg := "hello from gotrace's example"
	fmt.Printf("%s (%d bytes, counted in C)\n", msg, greet.Len(msg))
}
