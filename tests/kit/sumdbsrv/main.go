// sumdbsrv is the checksum database of gotrace's tests: a signed, verifiable
// tree (golang.org/x/mod/sumdb's test server) over the modules of a GOPROXY
// directory, on 127.0.0.1, that go and gotrace probe both accept.
//
//	sumdbsrv genkey NAME
//		print a new signer key and its verifier key, one per line
//	sumdbsrv serve SKEY DIR PORTFILE [SUPPORTED]
//		serve the database signed with SKEY at / (lookup, latest, tile)
//		and, as a module proxy would, DIR's files with the database under
//		/sumdb/NAME/; /sumdb/NAME/supported answers SUPPORTED (200 by
//		default). The port goes to PORTFILE once listening, one line per
//		request to PORTFILE.log.
//
// The database's go.sum lines are computed from DIR when first asked:
// dirhash's Hash1 over the zip, and over the .mod as the single file go.mod.
package main

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/dirhash"
	"golang.org/x/mod/sumdb/note"
)

func gosum(dir string) func(path, vers string) ([]byte, error) {
	return func(path, vers string) ([]byte, error) {
		ep, err := module.EscapePath(path)
		if err != nil {
			return nil, err
		}
		ev, err := module.EscapeVersion(vers)
		if err != nil {
			return nil, err
		}
		base := filepath.Join(dir, ep, "@v", ev)
		zh, err := dirhash.HashZip(base+".zip", dirhash.Hash1)
		if err != nil {
			return nil, err
		}
		mod, err := os.ReadFile(base + ".mod")
		if err != nil {
			return nil, err
		}
		mh, err := dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(mod)), nil
		})
		if err != nil {
			return nil, err
		}
		return []byte(fmt.Sprintf("%s %s %s\n%s %s/go.mod %s\n", path, vers, zh, path, vers, mh)), nil
	}
}

func serve(skey, dir, portfile string, supported int) error {
	signer, err := note.NewSigner(skey)
	if err != nil {
		return err
	}
	db := sumdb.NewServer(sumdb.NewTestServer(skey, gosum(dir)))
	prefix := "/sumdb/" + signer.Name() + "/"
	files := http.FileServer(http.Dir(dir))
	var mu sync.Mutex
	logf, err := os.OpenFile(portfile+".log", os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		fmt.Fprintf(logf, "%s %s\n", r.Method, r.URL.Path)
		mu.Unlock()
		p := r.URL.Path
		switch {
		case p == prefix+"supported":
			w.WriteHeader(supported)
		case strings.HasPrefix(p, prefix):
			r2 := r.Clone(r.Context())
			r2.URL.Path = "/" + strings.TrimPrefix(p, prefix)
			db.ServeHTTP(w, r2)
		case strings.HasPrefix(p, "/lookup/") || p == "/latest" || strings.HasPrefix(p, "/tile/"):
			db.ServeHTTP(w, r)
		default:
			files.ServeHTTP(w, r)
		}
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	tmp := portfile + ".tmp"
	if err := os.WriteFile(tmp, []byte(fmt.Sprintf("%d\n", l.Addr().(*net.TCPAddr).Port)), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, portfile); err != nil {
		return err
	}
	return http.Serve(l, h)
}

func main() {
	a := os.Args[1:]
	var err error
	switch {
	case len(a) == 2 && a[0] == "genkey":
		var skey, vkey string
		if skey, vkey, err = note.GenerateKey(rand.Reader, a[1]); err == nil {
			fmt.Printf("%s\n%s\n", skey, vkey)
		}
	case (len(a) == 4 || len(a) == 5) && a[0] == "serve":
		supported := 200
		if len(a) == 5 {
			if supported, err = strconv.Atoi(a[4]); err != nil {
				break
			}
		}
		err = serve(a[1], a[2], a[3], supported)
	default:
		err = fmt.Errorf("usage: sumdbsrv genkey NAME | sumdbsrv serve SKEY DIR PORTFILE [SUPPORTED]")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sumdbsrv:", err)
		os.Exit(2)
	}
}
