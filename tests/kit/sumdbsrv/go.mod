module gotrace.test/sumdbsrv

go 1.21

require golang.org/x/mod v0.0.0

// the tests build against the copy of x/mod that the Go distribution vendors
// (see build.sh): nothing is downloaded
replace golang.org/x/mod => ./x-mod
