module qpi

go 1.19
