// Command mkproxy writes a module proxy directory (the GOPROXY protocol,
// served as file://) holding N small modules example.com/benchmodNN@v1.0.0,
// for bench/run.sh's `go mod download` workload.
package main

import (
	"archive/zip"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: mkproxy DIR N")
		os.Exit(2)
	}
	dir := os.Args[1]
	n, err := strconv.Atoi(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkproxy:", err)
		os.Exit(2)
	}
	for i := 1; i <= n; i++ {
		if err := writeModule(dir, fmt.Sprintf("example.com/benchmod%02d", i)); err != nil {
			fmt.Fprintln(os.Stderr, "mkproxy:", err)
			os.Exit(1)
		}
	}
}

func writeModule(dir, path string) error {
	const v = "v1.0.0"
	vdir := filepath.Join(dir, path, "@v")
	if err := os.MkdirAll(vdir, 0o755); err != nil {
		return err
	}
	gomod := "module " + path + "\n\ngo 1.21\n"
	files := map[string]string{
		"list":       v + "\n",
		v + ".info": `{"Version":"` + v + `","Time":"2024-01-01T00:00:00Z"}` + "\n",
		v + ".mod":  gomod,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(vdir, name), []byte(body), 0o644); err != nil {
			return err
		}
	}
	f, err := os.Create(filepath.Join(vdir, v+".zip"))
	if err != nil {
		return err
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	prefix := path + "@" + v + "/"
	src := map[string]string{
		"go.mod": gomod,
		"m.go":   "// Package m is a benchmark module.\npackage m\n\n// N is a value.\nconst N = 1\n",
	}
	for name, body := range src {
		w, err := zw.Create(prefix + name)
		if err != nil {
			return err
		}
		if _, err := w.Write([]byte(body)); err != nil {
			return err
		}
	}
	return zw.Close()
}
