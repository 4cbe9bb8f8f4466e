module modvault.bench/corpus

go 1.19
