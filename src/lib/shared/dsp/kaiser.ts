/** Small numeric helpers for Kaiser-windowed sinc filters, shared by browser and server. */

export function gcd(a: number, b: number): number {
	while (b) [a, b] = [b, a % b];
	return a;
}

/** Zeroth-order modified Bessel function of the first kind (power series). */
export function besselI0(x: number): number {
	let sum = 1;
	let term = 1;
	const q = (x * x) / 4;
	for (let k = 1; k < 64; k++) {
		term *= q / (k * k);
		sum += term;
		if (term < sum * 1e-12) break;
	}
	return sum;
}
