# svml_pow1.s: gs__svml_pow1(double x, double y), np.power of one float64
# through __svml_pow8, with the seven other lanes zero (numpy's tail load,
# npyv_load_tillz). In assembly so that no compiler decides how the zmm
# arguments travel: clang passes __m512d in memory to a callee it does not
# compile for avx512f (at -O0 and under ASan it did, and SVML read garbage).
	.text
	.globl	gs__svml_pow1
	.hidden	gs__svml_pow1
	.type	gs__svml_pow1,@function
gs__svml_pow1:
	.cfi_startproc
	subq	$8, %rsp		# the stack 16-byte aligned at the call
	.cfi_def_cfa_offset 16
	vmovq	%xmm0, %xmm0		# lane 0 kept; VEX zeroes the rest of zmm0
	vmovq	%xmm1, %xmm1
	call	__svml_pow8
	vzeroupper
	addq	$8, %rsp
	.cfi_def_cfa_offset 8
	ret
	.cfi_endproc
	.size	gs__svml_pow1, .-gs__svml_pow1
	.section .note.GNU-stack,"",@progbits
