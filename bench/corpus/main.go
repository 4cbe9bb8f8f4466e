// Command corpus writes the benchmark's GOPROXY tree: a static directory any file server can serve as a Go module
// proxy ({module}/@v/list, {version}.info, .mod, .zip), plus the client modules whose builds download a dependency
// graph from it. Standard library only, deterministic (fixed seeds and times), so every run serves the same bytes.
//
//	corpus -out DIR/proxy -clients DIR/clients [-hot 500] [-graph 60] [-graph-sets w,c1,c2,c3] [-cold 20] [-cold-big 5]
//
// Module zips are canonical: every file under "path@version/", no directory entries, so the go command accepts them.
package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

const host = "bench.example"

var outDir string

func main() {
	out := flag.String("out", "", "GOPROXY tree to write (created)")
	clients := flag.String("clients", "", "folder for the client modules (one per graph set)")
	hot := flag.Int("hot", 500, "small modules for the cached .info/.mod request tests")
	graph := flag.Int("graph", 60, "modules per dependency graph")
	sets := flag.String("graph-sets", "w,c1,c2,c3", "graph copies: one served warm, the others each fetched cold once")
	cold := flag.Int("cold", 20, "distinct 100 KiB zips for the cold-fetch test")
	coldBig := flag.Int("cold-big", 5, "distinct 5 MiB zips for the cold-fetch test")
	flag.Parse()
	if *out == "" || *clients == "" {
		log.Fatal("usage: corpus -out DIR -clients DIR")
	}
	outDir = *out

	// Hot set: one version each, a realistic small go.mod with requirements, a small source zip.
	for i := 0; i < *hot; i++ {
		path := fmt.Sprintf("%s/hot/m%03d", host, i)
		var reqs []string
		for j := 1; j <= 3 && i-j >= 0; j++ {
			reqs = append(reqs, fmt.Sprintf("%s/hot/m%03d v1.0.0", host, i-j))
		}
		files := map[string][]byte{
			"hot.go":  []byte(fmt.Sprintf("// Package m%03d is benchmark filler.\npackage m%03d\n\nconst N = %d\n", i, i, i)),
			"LICENSE": []byte(license),
		}
		writeModule(path, []string{"v1.0.0"}, func(v string) (string, map[string][]byte) {
			return goMod(path, reqs), files
		})
	}

	// Large zips of the throughput test: go.mod plus one stored (incompressible) file of the given size.
	blob(path2("blob/small"), 100<<10)
	blob(path2("blob/medium"), 5<<20)
	blob(path2("blob/large"), 100<<20)

	// Distinct zips never requested before the cold-fetch test.
	for i := 0; i < *cold; i++ {
		blob(fmt.Sprintf("%s/cold/small%02d", host, i), 100<<10)
	}
	for i := 0; i < *coldBig; i++ {
		blob(fmt.Sprintf("%s/cold/medium%02d", host, i), 5<<20)
	}

	// Dependency graphs with real Go code: mNN imports mNN-1 and up to two more lower modules; every module has
	// three versions whose go.mod files require their dependencies at varying versions (MVS has work to do).
	for _, set := range strings.Split(*sets, ",") {
		writeGraph(set, *graph, *clients)
	}
}

func path2(rest string) string { return host + "/" + rest }

func goMod(path string, reqs []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "module %s\n\ngo 1.19\n", path)
	if len(reqs) > 0 {
		b.WriteString("\nrequire (\n")
		for _, r := range reqs {
			fmt.Fprintf(&b, "\t%s\n", r)
		}
		b.WriteString(")\n")
	}
	return b.String()
}

func blob(path string, size int) {
	rnd := rand.New(rand.NewSource(int64(len(path)*7919 + size)))
	data := make([]byte, size-400) // the zip's headers and go.mod take the rest, roughly
	rnd.Read(data)
	writeModule(path, []string{"v1.0.0"}, func(v string) (string, map[string][]byte) {
		return goMod(path, nil), map[string][]byte{"data.bin": data, "blob.go": []byte("package blob\n")}
	})
}

func writeGraph(set string, n int, clientsDir string) {
	rnd := rand.New(rand.NewSource(int64(len(set)) * 104729))
	versions := []string{"v1.0.0", "v1.1.0", "v1.2.0"}
	modPath := func(i int) string { return fmt.Sprintf("%s/graph/%s/m%02d", host, set, i) }
	deps := make([][]int, n)
	for i := 1; i < n; i++ {
		seen := map[int]bool{i - 1: true}
		deps[i] = []int{i - 1}
		for k := 0; k < 2 && i > 1; k++ {
			d := rnd.Intn(i - 1)
			if !seen[d] {
				seen[d] = true
				deps[i] = append(deps[i], d)
			}
		}
		sort.Ints(deps[i])
	}
	for i := 0; i < n; i++ {
		i := i
		path := modPath(i)
		pkg := fmt.Sprintf("m%02d", i)
		writeModule(path, versions, func(v string) (string, map[string][]byte) {
			vi := indexOf(versions, v)
			var reqs, imports []string
			var sum strings.Builder
			fmt.Fprintf(&sum, "%d", i)
			for _, d := range deps[i] {
				// older versions require older dependencies; v1.2.0 requires v1.1.0 or v1.2.0
				dv := versions[max(0, vi-rnd.Intn(2))]
				reqs = append(reqs, modPath(d)+" "+dv)
				imports = append(imports, fmt.Sprintf("\t%q", modPath(d)))
				fmt.Fprintf(&sum, " + m%02d.Value()", d)
			}
			src := fmt.Sprintf("// Package %s is part of the benchmark's dependency graph (%s).\npackage %s\n\n", pkg, v, pkg)
			if len(imports) > 0 {
				src += "import (\n" + strings.Join(imports, "\n") + "\n)\n\n"
			}
			src += fmt.Sprintf("// Version is the module version this file was published in.\nconst Version = %q\n\n", v)
			src += fmt.Sprintf("// Value sums the graph below this module.\nfunc Value() int {\n\treturn %s\n}\n", sum.String())
			files := map[string][]byte{
				pkg + ".go":      []byte(src),
				pkg + "_test.go": []byte(fmt.Sprintf("package %s\n\nimport \"testing\"\n\nfunc TestValue(t *testing.T) {\n\tif Value() < %d {\n\t\tt.Fatal(Value())\n\t}\n}\n", pkg, i)),
				"doc/notes.txt":  bytes.Repeat([]byte(fmt.Sprintf("%s %s: notes line\n", path, v)), 40),
				"LICENSE":        []byte(license),
			}
			return goMod(path, reqs), files
		})
	}
	// The client: requires every graph module at v1.2.0 (the pruned module graph of go >= 1.17 lists them all)
	// and imports the top of the graph, which imports the rest.
	dir := filepath.Join(clientsDir, set)
	must(os.MkdirAll(dir, 0o755))
	var reqs []string
	for i := 0; i < n; i++ {
		reqs = append(reqs, modPath(i)+" v1.2.0")
	}
	must(os.WriteFile(filepath.Join(dir, "go.mod"), []byte(goMod(host+"/client/"+set, reqs)), 0o644))
	main := fmt.Sprintf("package main\n\nimport (\n\t\"fmt\"\n\n\ttop %q\n)\n\nfunc main() {\n\tfmt.Println(top.Value())\n}\n", modPath(n-1))
	must(os.WriteFile(filepath.Join(dir, "main.go"), []byte(main), 0o644))
}

// writeModule writes list, and .info/.mod/.zip for every version.
func writeModule(path string, versions []string, content func(v string) (string, map[string][]byte)) {
	dir := filepath.Join(outDir, filepath.FromSlash(path), "@v")
	must(os.MkdirAll(dir, 0o755))
	must(os.WriteFile(filepath.Join(dir, "list"), []byte(strings.Join(versions, "\n")+"\n"), 0o644))
	for k, v := range versions {
		mod, files := content(v)
		t := time.Date(2023, 1, 2+k, 3, 4, 5, 0, time.UTC)
		info, _ := json.Marshal(struct {
			Version string
			Time    string
		}{v, t.Format(time.RFC3339)})
		must(os.WriteFile(filepath.Join(dir, v+".info"), info, 0o644))
		must(os.WriteFile(filepath.Join(dir, v+".mod"), []byte(mod), 0o644))
		files["go.mod"] = []byte(mod)
		writeZip(filepath.Join(dir, v+".zip"), path+"@"+v, files, t)
	}
}

func writeZip(file, prefix string, files map[string][]byte, t time.Time) {
	f, err := os.Create(file)
	must(err)
	z := zip.NewWriter(f)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		method := zip.Deflate
		if strings.HasSuffix(name, ".bin") {
			method = zip.Store // random bytes do not compress; keeps the zip the intended size
		}
		w, err := z.CreateHeader(&zip.FileHeader{Name: prefix + "/" + name, Method: method, Modified: t})
		must(err)
		_, err = io.Copy(w, bytes.NewReader(files[name]))
		must(err)
	}
	must(z.Close())
	must(f.Close())
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func max(a, b int) int {
	if a > b {
		return a
	}
	return b
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

const license = `Copyright (c) 2023 The Modvault benchmark. Permission is hereby granted, free of charge, to any person
obtaining a copy of this generated benchmark code, to deal in it without restriction.
`
