-- Trino (Athena engine v3) functions and semantics, each with the result Trino documents for it.
-- Expected values are written by hand from Trino's documentation and semantics, never produced by
-- running the query. Format: a statement ending in ';', then one '=> ' line per result row,
-- columns separated by ' | ', NULL for a null value; or '!! ERROR_NAME' for a query that must fail.
-- A case Basin does not support yet keeps Trino's answer and adds '~~ ERROR_NAME': Basin must then
-- refuse it with that error (a clear failure, never a different answer) until the marker is removed.

-- arithmetic: integer division truncates toward zero; % keeps the dividend's sign
SELECT 7 / 2, -7 / 2, 7 % 3, -7 % 3, mod(-7, 3), 7.0 / 2;
=> 3 | -3 | 1 | -1 | -1 | 3.5

SELECT 1 / 0;
!! DIVISION_BY_ZERO

SELECT try(1 / 0), try_cast('x' AS integer), try_cast('12' AS integer);
=> NULL | NULL | 12

SELECT CAST(2.5 AS integer), CAST(-2.5 AS integer), CAST(1.4e0 AS bigint), CAST('7' AS bigint) + 1;
=> 3 | -3 | 1 | 8

SELECT round(2.5e0), round(-2.5e0), round(3.14159e0, 2), floor(-1.2e0), ceil(1.2e0), truncate(2.7e0);
=> 3.0 | -3.0 | 3.14 | -2.0 | 2.0 | 2.0

SELECT abs(-3), sign(-2), power(2, 10), sqrt(16), cbrt(27.0e0), ln(1), log10(100), log2(8);
=> 3 | -1 | 1024.0 | 4.0 | 3.0 | 0.0 | 2.0 | 3.0

SELECT greatest(1, 5, 3), least(4, 2, 9), is_nan(nan()), infinity() > 1e308;
=> 5 | 2 | true | true

SELECT width_bucket(5.3e0, 0.2e0, 10.6e0, 5);
=> 3

SELECT width_bucket(-1, 0, 10, 5), width_bucket(10, 0, 10, 5), width_bucket(3, 10, 0, 5);
=> 0 | 6 | 4

-- an argument error is INVALID_FUNCTION_ARGUMENT, and NULL inside try()
SELECT width_bucket(3, 0, 10, 0);
!! INVALID_FUNCTION_ARGUMENT

SELECT try(width_bucket(3, 0, 10, 0)), try(width_bucket(3, 5, 5, 2)), try(width_bucket(3, 0, 10, 5));
=> NULL | NULL | 2

SELECT bitwise_and(12, 10), bitwise_or(12, 10), bitwise_xor(12, 10), bit_count(9, 64), bit_count(-7, 64), bit_count(-7, 8);
=> 8 | 14 | 6 | 2 | 62 | 6

-- conditionals and nulls
SELECT coalesce(NULL, 2, 3), nullif(1, 1), nullif(1, 2), if(1 > 0, 'a', 'b'), CASE WHEN NULL THEN 'x' ELSE 'y' END;
=> 2 | NULL | 1 | a | y

SELECT NULL = NULL, NULL IS NULL, 1 IS DISTINCT FROM NULL, NULL IS NOT DISTINCT FROM NULL;
=> NULL | true | true | true

-- strings
SELECT concat('a', 'b', 'c'), 'a' || 'b', concat_ws(',', 'a', 'b'), length('hello'), upper('abc'), lower('ABC');
=> abc | ab | a,b | 5 | ABC | abc

SELECT substr('hello', 2, 3), substr('hello', -3), strpos('hello', 'l'), position('l' IN 'hello'), reverse('abc');
=> ell | llo | 3 | 3 | cba

SELECT lpad('7', 3, '0'), rpad('ab', 4, '-'), trim('  a  '), ltrim('  a'), rtrim('a  '), replace('abc', 'b'), replace('abc', 'b', 'x');
=> 007 | ab-- | a | a | a | ac | axc

SELECT split('a,b,c', ','), split_part('a,b,c', ',', 2), split_part('a,b,c', ',', 5), starts_with('abc', 'ab');
=> [a, b, c] | b | NULL | true

SELECT chr(65), codepoint('A'), levenshtein_distance('kitten', 'sitting'), hamming_distance('abc', 'abd');
=> A | 65 | 3 | 1

SELECT format('%s-%d', 'a', 5), to_hex(CAST('abc' AS varbinary)), to_hex(md5(to_utf8('abc')));
=> a-5 | 616263 | 900150983CD24FB0D6963F7D28E17F72

SELECT url_extract_host('https://example.com:8080/path?q=1'), url_extract_path('https://example.com/a/b?q=1'), url_extract_parameter('https://example.com/?q=1&r=2', 'r');
=> example.com | /a/b | 2

SELECT url_extract_port('https://example.com:8080/x'), url_extract_port('https://example.com/x'), url_extract_protocol('https://example.com'), url_extract_query('https://example.com/a?x=1#f'), url_extract_query('https://example.com/a'), url_extract_fragment('https://example.com/a?x=1#f');
=> 8080 | NULL | https | x=1 | NULL | f

-- regular expressions (Java syntax)
SELECT regexp_extract('1a 2b 14m', '\d+'), regexp_extract('1a 2b 14m', '(\d+)([a-z]+)', 2), regexp_extract_all('1a 2b 14m', '\d+');
=> 1 | a | [1, 2, 14]

SELECT regexp_like('1a 2b 14m', '\d+b'), regexp_replace('1a 2b 14m', '\d+[ab] '), regexp_replace('1a 2b', '(\d+)([ab])', '$2$1'), regexp_count('1a 2b 14m', '\s');
=> true | 14m | a1 b2 | 2

SELECT regexp_split('1a 2b 14m', '\s*[a-z]+\s*');
=> [1, 2, 14, ]

-- arrays and lambdas
SELECT transform(ARRAY[5, 6], x -> x + 1), filter(ARRAY[5, -6, NULL, 7], x -> x > 0), reduce(ARRAY[5, 20, 50], 0, (s, x) -> s + x, s -> s);
=> [6, 7] | [5, 7] | 75

SELECT cardinality(ARRAY[1, 2, 3]), ARRAY[10, 20, 30][2], contains(ARRAY[1, 2], 2), array_position(ARRAY[10, 20], 20);
=> 3 | 20 | true | 2

SELECT element_at(ARRAY[1, 2, 3], -1);
=> 3

SELECT sequence(1, 5), sequence(1, 10, 3), array_sort(ARRAY[3, 1, 2]), array_distinct(ARRAY[1, 1, 2]), array_max(ARRAY[4, 9, 1]), array_min(ARRAY[4, 9, 1]);
=> [1, 2, 3, 4, 5] | [1, 4, 7, 10] | [1, 2, 3] | [1, 2] | 9 | 1

SELECT slice(ARRAY[1, 2, 3, 4], 2, 2), flatten(ARRAY[ARRAY[1, 2], ARRAY[3]]), arrays_overlap(ARRAY[1, 2], ARRAY[2, 3]), array_intersect(ARRAY[1, 2, 3], ARRAY[2, 3, 4]), array_except(ARRAY[1, 2, 3], ARRAY[2]);
=> [2, 3] | [1, 2, 3] | true | [2, 3] | [1, 3]

SELECT array_join(ARRAY[1, 2, 3], ','), array_join(ARRAY['a', NULL, 'c'], '-', 'x'), concat(ARRAY[1], ARRAY[2, 3]), array_union(ARRAY[3, 1], ARRAY[1, 2]);
=> 1,2,3 | a-x-c | [1, 2, 3] | [3, 1, 2]

SELECT ARRAY[1] || 4;
=> [1, 4]

SELECT any_match(ARRAY[1, 2], x -> x > 1), all_match(ARRAY[1, 2], x -> x > 1), none_match(ARRAY[1, 2], x -> x > 5), any_match(ARRAY[], x -> true);
=> true | false | true | false

SELECT zip_with(ARRAY[1, 2], ARRAY[10, 20], (a, b) -> a + b);
=> [11, 22]

SELECT element_at(ARRAY[1, 2], 5);
=> NULL

SELECT ARRAY[1, 2][3];
!! INVALID_FUNCTION_ARGUMENT

SELECT ARRAY[1, 2][0];
!! INVALID_FUNCTION_ARGUMENT

SELECT MAP(ARRAY['a'], ARRAY[1])['b'];
!! INVALID_FUNCTION_ARGUMENT

SELECT try(split('a-b', '-')[3]), split('a-b', '-')[2], ARRAY[1, NULL][2];
=> NULL | b | NULL

SELECT zip_with(ARRAY[1, 2, 3], ARRAY['a'], (x, y) -> coalesce(y, 'none')), cardinality(ARRAY[]), cardinality(split('a,b', ','));
=> [a, none, none] | 0 | 2

SELECT cardinality('abc');
!! FUNCTION_NOT_FOUND

-- maps and rows
SELECT MAP(ARRAY['a', 'b'], ARRAY[1, 2])['b'], element_at(MAP(ARRAY['a'], ARRAY[1]), 'z'), map_keys(MAP(ARRAY['a', 'b'], ARRAY[1, 2])), map_values(MAP(ARRAY['a', 'b'], ARRAY[1, 2]));
=> 2 | NULL | [a, b] | [1, 2]

SELECT cardinality(MAP(ARRAY['a'], ARRAY[1]));
=> 1

SELECT CAST(ROW(1, 'x') AS ROW(a integer, b varchar)).b;
=> x

SELECT transform_values(MAP(ARRAY['a'], ARRAY[1]), (k, v) -> v * 10);
=> {a=10}

SELECT transform_keys(MAP(ARRAY['a'], ARRAY[1]), (k, v) -> upper(k)), map_filter(MAP(ARRAY['a', 'b'], ARRAY[1, 2]), (k, v) -> v > 1);
=> {A=1} | {b=2}

-- dates and times
SELECT DATE '2024-01-31' + INTERVAL '1' DAY, date_add('day', 1, DATE '2024-01-31'), date_add('month', 1, DATE '2024-01-31'), DATE '2024-03-31' - INTERVAL '1' MONTH;
=> 2024-02-01 | 2024-02-01 | 2024-02-29 | 2024-02-29

-- date_diff counts whole units (Joda): Jan 15 to Feb 14 is not a month; Jan 31 to Feb 29 (the month's last day) is
SELECT date_diff('day', DATE '2024-01-01', DATE '2024-03-01'), date_diff('month', DATE '2024-01-15', DATE '2024-02-14'), date_diff('month', DATE '2024-01-31', DATE '2024-02-29'), date_diff('hour', TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-01-02 06:30:00');
=> 60 | 0 | 1 | 30

SELECT date_trunc('month', DATE '2024-05-17'), date_trunc('hour', date_parse('2024-05-17 10:42:13', '%Y-%m-%d %H:%i:%s')), date_trunc('year', DATE '2024-05-17');
=> 2024-05-01 | 2024-05-17 10:00:00.000 | 2024-01-01

SELECT year(DATE '2024-05-17'), month(DATE '2024-05-17'), day(DATE '2024-05-17'), quarter(DATE '2024-05-17'), day_of_week(DATE '2024-01-01'), day_of_year(DATE '2024-02-01'), week(DATE '2024-01-01');
=> 2024 | 5 | 17 | 2 | 1 | 32 | 1

SELECT hour(TIMESTAMP '2024-01-02 03:04:05'), minute(TIMESTAMP '2024-01-02 03:04:05'), second(TIMESTAMP '2024-01-02 03:04:05'), last_day_of_month(DATE '2024-02-10');
=> 3 | 4 | 5 | 2024-02-29

SELECT date_format(TIMESTAMP '2024-01-02 03:04:05', '%Y-%m-%d %H:%i:%s'), date_format(TIMESTAMP '2024-01-02 15:04:05', '%b %e %Y %h %p');
=> 2024-01-02 03:04:05 | Jan 2 2024 03 PM

SELECT format_datetime(TIMESTAMP '2024-01-02 03:04:05', 'yyyy-MM-dd HH:mm');
=> 2024-01-02 03:04

SELECT date_parse('2024/01/02 13:14', '%Y/%m/%d %H:%i'), CAST('2024-01-02' AS date), CAST(TIMESTAMP '2024-01-02 23:59:59' AS date), from_iso8601_date('2024-01-02');
=> 2024-01-02 13:14:00.000 | 2024-01-02 | 2024-01-02 | 2024-01-02

SELECT from_iso8601_timestamp('2024-01-02T03:04:05Z'), from_unixtime(0), to_unixtime(TIMESTAMP '1970-01-01 00:01:00');
=> 2024-01-02 03:04:05.000 UTC | 1970-01-01 00:00:00.000 UTC | 60.0

SELECT with_timezone(date_parse('2024-01-01', '%Y-%m-%d'), 'Asia/Tokyo');
=> 2024-01-01 00:00:00.000 Asia/Tokyo

-- AT TIME ZONE: a timestamp without a zone is taken in the session zone (UTC), then shown in the zone asked for
SELECT TIMESTAMP '2024-01-01 10:00:00' AT TIME ZONE 'America/New_York', from_iso8601_timestamp('2024-07-01T10:00:00Z') AT TIME ZONE 'Europe/Berlin';
=> 2024-01-01 05:00:00.000 America/New_York | 2024-07-01 12:00:00.000 Europe/Berlin

SELECT hour(TIMESTAMP '2024-01-01 00:00:00' AT TIME ZONE 'Asia/Kolkata'), minute(TIMESTAMP '2024-01-01 00:00:00' AT TIME ZONE 'Asia/Kolkata'), CAST(TIMESTAMP '2024-01-01 23:00:00' AT TIME ZONE 'Asia/Tokyo' AS date);
=> 5 | 30 | 2024-01-02

SELECT with_timezone(TIMESTAMP '2024-01-01 09:00:00', 'Asia/Tokyo') AT TIME ZONE 'UTC';
=> 2024-01-01 00:00:00.000 UTC

-- zoned values compare, and count seconds, by their instants
SELECT (TIMESTAMP '2024-01-01 10:00:00' AT TIME ZONE 'America/New_York') = (TIMESTAMP '2024-01-01 10:00:00' AT TIME ZONE 'Asia/Tokyo'), from_iso8601_timestamp('2024-01-01T10:00:00Z') AT TIME ZONE 'Asia/Tokyo' < TIMESTAMP '2024-01-01 11:00:00', to_unixtime(TIMESTAMP '1970-01-01 00:01:00' AT TIME ZONE 'Asia/Tokyo');
=> true | true | 60.0

SELECT TIMESTAMP '2024-01-01 10:00:00' AT TIME ZONE 'Nowhere/Else';
!! INVALID_FUNCTION_ARGUMENT

SELECT CAST('2024-02-30' AS date);
!! INVALID_CAST_ARGUMENT

-- JSON
SELECT json_extract_scalar('{"a": {"b": 1}}', '$.a.b'), json_extract('{"a": [1, 2]}', '$.a'), json_array_length('[1, 2, 3]');
=> 1 | [1,2] | 3

SELECT json_size('{"x": {"a": 1, "b": 2}}', '$.x');
=> 2

SELECT json_format(json_parse('{"a": 1}')), json_array_contains('[1, 2, 3]', 2), json_extract_scalar('{"a": [10, 20]}', '$.a[1]');
=> {"a":1} | true | 20

SELECT CAST(json_parse('[1, 2]') AS array(integer));
=> [1, 2]

-- types Trino gives expressions
SELECT typeof(1), typeof(10000000000), typeof(1.5), typeof(1e0), typeof(CAST('ab' AS varchar)), typeof(DATE '2024-01-01'), typeof(ARRAY[1]);
=> integer | bigint | decimal(2,1) | double | varchar | date | array(integer)

-- aggregates over VALUES
SELECT count(*), count(x), sum(x), avg(x), min(x), max(x) FROM (VALUES (1), (2), (NULL), (5)) t(x);
=> 4 | 3 | 8 | 2.6666666666666665 | 1 | 5

SELECT count_if(x > 1), bool_and(x > 0), bool_or(x > 4), every(x > 0), max_by(k, x), min_by(k, x) FROM (VALUES ('a', 1), ('b', 5), ('c', 3)) t(k, x);
=> 2 | true | true | true | b | a

SELECT array_agg(x ORDER BY x DESC), approx_distinct(x), arbitrary(x) IS NOT NULL FROM (VALUES (3), (1), (2), (2)) t(x);
=> [3, 2, 2, 1] | 3 | true

SELECT stddev_samp(x), variance(x), var_pop(x), geometric_mean(x) FROM (VALUES (2e0), (4e0), (4e0), (4e0), (5e0), (5e0), (7e0), (9e0)) t(x);
=> 2.138089935299395 | 4.571428571428571 | 4.0 | 4.603215596046737

SELECT approx_percentile(x, 0.5) FROM (VALUES (1), (2), (3), (4), (5)) t(x);
=> 3

SELECT histogram(k)['a'] FROM (VALUES ('a', 1), ('b', 2), ('a', 3)) t(k, v);
=> 2

SELECT map_agg(k, v)['b'], array_sort(multimap_agg(k, v)['a']) FROM (VALUES ('a', 1), ('b', 2), ('a', 3)) t(k, v);
=> 2 | [1, 3]

-- set operations, UNNEST, VALUES, grouping
SELECT x FROM (VALUES (1), (2), (2), (3)) t(x) INTERSECT SELECT x FROM (VALUES (2), (3), (4)) t(x) ORDER BY x;
=> 2
=> 3

SELECT x FROM (VALUES (1), (2), (2), (3)) t(x) EXCEPT SELECT x FROM (VALUES (2)) t(x) ORDER BY x;
=> 1
=> 3

SELECT n, pos FROM UNNEST(ARRAY[10, 20]) WITH ORDINALITY AS u(n, pos) ORDER BY pos;
=> 10 | 1
=> 20 | 2

SELECT k, v FROM UNNEST(MAP(ARRAY['a', 'b'], ARRAY[1, 2])) AS u(k, v) ORDER BY k;
=> a | 1
=> b | 2

SELECT x FROM (VALUES 1, 2) t(x);
=> 1
=> 2

SELECT x, y, n FROM UNNEST(ARRAY[1, 2], ARRAY['a']) WITH ORDINALITY AS u(x, y, n) ORDER BY n;
=> 1 | a | 1
=> 2 | NULL | 2

SELECT a, b FROM UNNEST(ARRAY[CAST(ROW(1, 'x') AS ROW(a integer, b varchar)), CAST(ROW(2, 'y') AS ROW(a integer, b varchar))]) AS u(a, b) ORDER BY a;
=> 1 | x
=> 2 | y

SELECT g, count(*), grouping(g) FROM (VALUES ('a'), ('a'), ('b')) t(g) GROUP BY ROLLUP (g) ORDER BY g NULLS LAST;
=> a | 2 | 0
=> b | 1 | 0
=> NULL | 3 | 1

SELECT x FROM (VALUES (3), (NULL), (1)) t(x) ORDER BY x;
=> 1
=> 3
=> NULL

SELECT x FROM (VALUES (3), (NULL), (1)) t(x) ORDER BY x DESC;
=> 3
=> 1
=> NULL

-- window functions
SELECT x, row_number() OVER (ORDER BY x), rank() OVER (ORDER BY x), dense_rank() OVER (ORDER BY x), sum(x) OVER (ORDER BY x), lag(x) OVER (ORDER BY x) FROM (VALUES (10), (20), (20), (30)) t(x) ORDER BY 2;
=> 10 | 1 | 1 | 1 | 10 | NULL
=> 20 | 2 | 2 | 2 | 50 | 10
=> 20 | 3 | 2 | 2 | 50 | 20
=> 30 | 4 | 4 | 3 | 80 | 20

SELECT x, ntile(2) OVER (ORDER BY x), first_value(x) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND CURRENT ROW), percent_rank() OVER (ORDER BY x) FROM (VALUES (1), (2), (3)) t(x) ORDER BY x;
=> 1 | 1 | 1 | 0.0
=> 2 | 1 | 1 | 0.5
=> 3 | 2 | 2 | 1.0

-- identifiers are case-insensitive
SELECT "X", x FROM (SELECT 1 AS X) t;
=> 1 | 1

-- length counts characters of a varchar and bytes of a varbinary
SELECT length('héllo'), length(to_utf8('héllo')), length(NULL);
=> 5 | 6 | NULL

SELECT ARRAY[CAST(1 AS tinyint)] || CAST(2 AS tinyint), CAST(0 AS smallint) || ARRAY[CAST(5 AS smallint)], typeof(ARRAY[CAST(1 AS tinyint)] || CAST(2 AS tinyint));
=> [1, 2] | [0, 5] | array(tinyint)
