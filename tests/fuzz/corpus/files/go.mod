module example.com/m

go 1.21

require (
	example.com/a v1.0.0
	example.com/b v1.2.3 // indirect
)

replace example.com/a => ../a
replace example.com/b v1.2.3 => example.com/c v1.0.0
