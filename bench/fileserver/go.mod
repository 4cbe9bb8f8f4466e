module modvault.bench/fileserver

go 1.19
