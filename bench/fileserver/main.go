// Command fileserver serves a folder over HTTP with the standard library's http.FileServer: the cache-hit path of a
// Go-based module proxy at its simplest (no logging, no metrics, no verification).
//
//	fileserver -addr 127.0.0.1:8082 -root DIR
package main

import (
	"flag"
	"log"
	"net/http"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8082", "listen address")
	root := flag.String("root", ".", "folder to serve")
	flag.Parse()
	log.Fatal(http.ListenAndServe(*addr, http.FileServer(http.Dir(*root))))
}
