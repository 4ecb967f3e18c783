// sumdbsrv is the checksum database of gotrace's tests: a signed, verifiable
// tree (golang.org/x/mod/sumdb's test server) over the modules of a GOPROXY
// directory, on 127.0.0.1, that go and gotrace probe both accept.
//
//	sumdbsrv genkey NAME
//		print a new signer key and its verifier key, one per line
//	sumdbsrv serve SKEY DIR PORTFILE [SUPPORTED [MODE]]
//		serve the database signed with SKEY at / (lookup, latest, tile)
//		and, as a module proxy would, DIR's files with the database under
//		/sumdb/NAME/; /sumdb/NAME/supported answers SUPPORTED (200 by
//		default). The port goes to PORTFILE once listening, one line per
//		request to PORTFILE.log. MODE "forge" serves every lookup with its
//		record's first h1: hash altered under the genuine signed tree note
//		(a record the tree does not hold); "longtile" serves every hash
//		tile with one byte too many; "ok" (the default) serves them as
//		they are.
//
// The database's go.sum lines are computed from DIR when first asked:
// dirhash's Hash1 over the zip, and over the .mod as the single file go.mod.
// Records are added in the order they are first looked up, so a fresh
// server with the same key and another order of lookups is a fork of the
// first, and one asked fewer modules an older tree than the first served.
// A tile beyond the tree is answered 404 (x/mod's test server would panic).
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/dirhash"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// bounded is the test server with tiles beyond its tree reported as not found.
type bounded struct {
	*sumdb.TestServer
}

func (b bounded) ReadTileData(ctx context.Context, t tlog.Tile) (data []byte, err error) {
	defer func() {
		if recover() != nil {
			data, err = nil, os.ErrNotExist
		}
	}()
	return b.TestServer.ReadTileData(ctx, t)
}

// forge alters the first h1: hash of a lookup answer's record, before its blank line.
func forge(body []byte) []byte {
	end := bytes.Index(body, []byte("\n\n"))
	i := bytes.Index(body, []byte(" h1:"))
	if end < 0 || i < 0 || i > end || i+5 >= end {
		return body
	}
	out := append([]byte(nil), body...)
	if out[i+4] == 'A' {
		out[i+4] = 'B'
	} else {
		out[i+4] = 'A'
	}
	return out
}

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

func serve(skey, dir, portfile string, supported int, mode string) error {
	signer, err := note.NewSigner(skey)
	if err != nil {
		return err
	}
	srv := sumdb.NewServer(bounded{sumdb.NewTestServer(skey, gosum(dir))})
	db := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if mode == "longtile" && strings.HasPrefix(r.URL.Path, "/tile/") {
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, r)
			w.WriteHeader(rec.Code)
			w.Write(append(rec.Body.Bytes(), 0))
			return
		}
		if mode != "forge" || !strings.HasPrefix(r.URL.Path, "/lookup/") {
			srv.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(forge(rec.Body.Bytes()))
	})
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
	case len(a) >= 4 && len(a) <= 6 && a[0] == "serve":
		supported, mode := 200, "ok"
		if len(a) >= 5 {
			if supported, err = strconv.Atoi(a[4]); err != nil {
				break
			}
		}
		if len(a) == 6 {
			mode = a[5]
		}
		if mode != "ok" && mode != "forge" && mode != "longtile" {
			err = fmt.Errorf("unknown mode %q", mode)
			break
		}
		err = serve(a[1], a[2], a[3], supported, mode)
	default:
		err = fmt.Errorf("usage: sumdbsrv genkey NAME | sumdbsrv serve SKEY DIR PORTFILE [SUPPORTED [MODE]]")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sumdbsrv:", err)
		os.Exit(2)
	}
}
