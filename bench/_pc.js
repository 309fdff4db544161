require('/work/main/node_modules/esbuild').buildSync({entryPoints:['/work/main/src/core/eval/fixtures-async.ts'],bundle:true,platform:'node',outfile:'/tmp/fxa.js',format:'cjs',logLevel:'error'});
const v8=require('v8'),fs=require('fs');
const N=+process.argv[2];const file='/tmp/pc'+N+'.fixtures.yaml';
fs.writeFileSync(file,`cases:\n${Array.from({length:N},(_,i)=>`  - id: c${i}\n    input: { name: Person${i} }\n    assert:\n      - type: contains\n        value: Person${i}\n`).join('')}`);
const m=require('/tmp/fxa.js');
(async()=>{
 if (process.argv[3]==='parse'){let t=performance.now();const r=await m.readFixturesAsync(file);console.log('parse',(performance.now()-t).toFixed(1));
  const buf=v8.serialize(r); fs.writeFileSync('/tmp/pc.bin',buf); console.log('bytes',buf.length);}
 else {let t=performance.now();const b=fs.readFileSync('/tmp/pc.bin');const r=v8.deserialize(b);console.log('deser',(performance.now()-t).toFixed(1), r.fixtures.cases.length);}
})();
